"""The fake forge answers recorded JSON on 127.0.0.1 and records what it was asked."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from fakeforge import FakeForge


def test_it_serves_a_route_and_records_the_request() -> None:
    with FakeForge() as forge:
        forge.route("GET", "/repos/o/r/pulls/7/reviews", [{"state": "APPROVED", "user": {"login": "linna"}}])
        request = urllib.request.Request(
            f"{forge.url}/repos/o/r/pulls/7/reviews?per_page=100", headers={"Authorization": "Bearer t"}
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            assert json.load(response)[0]["user"]["login"] == "linna"
        assert forge.url.startswith("http://127.0.0.1:")
        assert forge.requests[0].path == "/repos/o/r/pulls/7/reviews"
        assert forge.requests[0].query == "per_page=100"
        assert forge.requests[0].headers["Authorization"] == "Bearer t"


def test_an_unknown_route_is_a_404_and_a_post_body_is_recorded() -> None:
    with FakeForge() as forge:
        forge.route("POST", "/repos/o/r/statuses/abc", {"id": 1}, status=201)
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{forge.url}/nothing", timeout=5)
        assert missing.value.code == 404
        data = json.dumps({"state": "success"}).encode()
        with urllib.request.urlopen(
            urllib.request.Request(f"{forge.url}/repos/o/r/statuses/abc", data=data, method="POST"), timeout=5
        ) as response:
            assert response.status == 201
        assert forge.requests[-1].body == {"state": "success"}
