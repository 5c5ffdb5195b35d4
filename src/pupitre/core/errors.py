class DomainError(Exception):
    """A rule of the domain refused a change.

    `message` is translatable (a lazy string, possibly with named
    placeholders already filled); each front renders it in one place:
    the HTML screens as a form or page error, later the API as JSON and the
    mail ingester as a note.
    """

    def __init__(self, message, *, code: str, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.field = field
