class RegistrationError(Exception):
    """A registration refused, with every reason in the visitor's language; nothing was saved."""

    def __init__(self, messages):
        self.messages = [str(m) for m in (messages if isinstance(messages, list | tuple) else [messages])]
        super().__init__("; ".join(self.messages))
