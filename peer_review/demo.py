"""The peer-review demo: an assignment with peer review in progress, a calibration set graded by three trainers."""


def load(command) -> None:
    return None
