import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from pupitre.phone.queries import forget_directory
from pupitre.phone.services import line_create

from ..factories import make_team


@pytest.fixture(autouse=True)
def _fresh_directory():
    forget_directory()
    yield
    forget_directory()


@pytest.fixture
def service_data(transactional_db):
    """Calendars come from a data migration that transactional tests flush."""
    from pupitre.hours.services import default_calendars_create

    default_calendars_create(years=range(2025, 2031), by=None)


class Pbx:
    """A PBX speaking the generic CTI contract to a live server over HTTP."""

    def __init__(self, base_url: str, token: str):
        self.base_url = base_url
        self.token = token

    def url(self, token: str | None = None) -> str:
        return f"{self.base_url}/phone/cti/{token or self.token}/"

    def send(self, params=None, *, form=False, raw: bytes | None = None, token=None, ctype=None):
        if raw is not None:
            data, content_type = raw, ctype or "application/json"
        elif form:
            data = urllib.parse.urlencode(params, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        else:
            data, content_type = json.dumps(params).encode(), "application/json"
        request = urllib.request.Request(  # noqa: S310 (our live server, http only)
            self.url(token), data=data, method="POST", headers={"Content-Type": content_type}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")


@pytest.fixture
def fr_line(service_data):
    line, token = line_create(
        name="Ligne FR", number="081 00 00 00", language="fr", team=make_team("fr"), by=None
    )
    line.token = token
    return line


@pytest.fixture
def pbx(live_server, fr_line):
    return Pbx(live_server.url, fr_line.token)
