"""The shipped compose file: can the host's network reach the action server?"""

from __future__ import annotations

import yaml

from tests.prod.test_compose import ROOT, interpolate, reachable_from_the_host


def test_the_action_server_is_not_reachable_from_the_hosts_network():
    compose = interpolate(yaml.safe_load((ROOT / "docker-compose.yml").read_text()))
    reachable = reachable_from_the_host(compose, "actions")
    print(
        f"\naction server reachable from the host's network in the compose file: "
        f"{'yes' if reachable else 'no'}"
    )
    assert not reachable
