"""Sound cues (a chime, spoken step names): Qt Multimedia and Qt TextToSpeech, in qt.py.

Both are optional extras of PySide6; each cue says "not available here" when its module is
missing, and the break goes on in silence.
"""
