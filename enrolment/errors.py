"""The one exception the enrolment services raise, with a message for people."""


class EnrolmentError(Exception):
    """A refused action. ``code`` is for programs and tests, ``message`` for people.

    The message is already translated (lazily), so views show it as it is.
    """

    def __init__(self, code: str, message):
        super().__init__(str(message))
        self.code = code
        self.message = message

    def __str__(self):
        return str(self.message)
