"""Qt-free use cases shared by the app and the command line."""
