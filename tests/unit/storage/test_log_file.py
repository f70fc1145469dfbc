"""The log file rotates by size and keeps three old files, as the app has always done."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from backbreak.storage.log_file import LogFile


def logger_for(handler: logging.Handler) -> logging.Logger:
    logger = logging.getLogger(f"test-log-file-{id(handler)}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    return logger


@pytest.fixture
def made(tmp_path: Path):
    handlers: list[LogFile] = []

    def make(limit: int, keep: int = 3) -> tuple[LogFile, logging.Logger]:
        handler = LogFile(tmp_path / "backbreak.log", limit=limit, keep=keep)
        handlers.append(handler)
        return handler, logger_for(handler)

    yield make
    for handler in handlers:
        handler.close()


def test_lines_below_the_limit_stay_in_one_file(made, tmp_path):
    _handler, logger = made(limit=1000)
    for number in range(5):
        logger.info("line %d", number)
    assert (tmp_path / "backbreak.log").read_text().splitlines() == [f"line {n}" for n in range(5)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backbreak.log"]


def test_a_full_file_moves_aside_and_the_oldest_of_three_is_dropped(made, tmp_path):
    _handler, logger = made(limit=30)
    for number in range(6):  # each line is 23 bytes: two would pass the 30-byte limit
        logger.info("%s %d", "x" * 20, number)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["backbreak.log", "backbreak.log.1", "backbreak.log.2", "backbreak.log.3"]
    assert (tmp_path / "backbreak.log").read_text() == f"{'x' * 20} 5\n"
    assert (tmp_path / "backbreak.log.1").read_text() == f"{'x' * 20} 4\n"
    assert (tmp_path / "backbreak.log.3").read_text() == f"{'x' * 20} 2\n"  # 0 and 1 gone


def test_every_line_is_kept_somewhere_until_the_files_run_out(made, tmp_path):
    _handler, logger = made(limit=64, keep=5)
    lines = [f"event {n:03d}" for n in range(20)]
    for line in lines:
        logger.info(line)
    files = [tmp_path / f"backbreak.log.{n}" for n in range(5, 0, -1)] + [
        tmp_path / "backbreak.log"
    ]
    kept = [line for f in files if f.exists() for line in f.read_text().splitlines()]
    assert kept == lines[-len(kept) :]  # in order, newest last, nothing doubled
    assert all(f.stat().st_size < 64 for f in files if f.exists())


class FullDisk:
    def write(self, _text: str) -> int:
        raise OSError(28, "No space left on device")

    def tell(self) -> int:
        return 0

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass


def test_a_file_that_cannot_be_written_is_said_once_not_per_line(made, tmp_path, capsys):
    handler, logger = made(limit=1000)
    logger.info("first")
    handler.stream.close()
    handler.stream = FullDisk()  # every write fails from now on
    for number in range(3):
        logger.info("line %d", number)
    said = capsys.readouterr().err
    assert said.count("cannot be written") == 1
    assert "No space left on device" in said and "Traceback" not in said
    assert handler.failed
