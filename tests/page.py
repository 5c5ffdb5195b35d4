"""What a person reads on a page: the texts of chosen elements, without tags."""

from html.parser import HTMLParser


class _Texts(HTMLParser):
    """Texts of the elements matching `wanted(tag, attrs)`, one per element."""

    VOID = {"br", "hr", "img", "input", "meta", "link", "source", "col", "wbr", "area"}

    def __init__(self, wanted):
        super().__init__(convert_charrefs=True)
        self.wanted = wanted
        self.texts: list[str] = []
        self.open: list[list] = []  # [tag, depth, parts] of the elements being read

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        for element in self.open:
            if element[0] == tag:
                element[1] += 1
        if self.wanted(tag, dict(attrs)):
            self.open.append([tag, 1, []])

    def handle_endtag(self, tag):
        for element in list(self.open):
            if element[0] == tag:
                element[1] -= 1
                if element[1] == 0:
                    self.open.remove(element)
                    self.texts.append(" ".join("".join(element[2]).split()))

    def handle_data(self, data):
        for element in self.open:
            element[2].append(data)


def texts(html: str, tag: str, **attrs) -> list[str]:
    """Texts of the `tag` elements whose attributes contain these values
    (`class_` for a class among the element's classes)."""
    wanted_class = attrs.pop("class_", None)

    def wanted(name, found):
        if name != tag:
            return False
        if wanted_class and wanted_class not in (found.get("class") or "").split():
            return False
        return all(found.get(key) == value for key, value in attrs.items())

    parser = _Texts(wanted)
    parser.feed(html)
    parser.close()
    return parser.texts


def form_errors(response) -> list[str]:
    """The errors of the page's error summary, as read: "Field: message"."""
    html = response.content.decode()
    marker = 'class="form-error-summary"'
    if marker not in html:
        return []
    start = html.index(marker)
    return texts(html[start : html.index("</div>", start)], "li")


def notices(response) -> list[str]:
    """The notices shown at the top of the page (Django messages)."""
    return texts(response.content.decode(), "p", class_="notice")
