"""The cache is shared by every process (a table in the database by default): when one
worker turns disaster mode off, another worker that had cached the banner stops showing it at
once — before, each worker had its own memory cache and showed the banner for up to 10 minutes.

Two real processes on the test's database: worker A caches the flag, worker B ends the mode,
worker A reads the flag again the way a page that has loaded the region does (from the cache)."""

import subprocess
import sys

import pytest
from tests.production.serving import ServedDatabase, production_env

pytestmark = pytest.mark.django_db(transaction=True)

WORKER_A = """
import sys, django
django.setup()
from tsunagu.core.models import User
from tsunagu.disaster.selectors import active_flag_for_user
print(bool(active_flag_for_user(User.objects.get(pk={user}))), flush=True)
sys.stdin.readline()  # worker B ends disaster mode meanwhile
user = User.objects.select_related("region").get(pk={user})
print(bool(active_flag_for_user(user)), flush=True)
"""

WORKER_B = """
import django
django.setup()
from tsunagu.disaster.models import DisasterActivation
from tsunagu.disaster.services import activation_end
activation_end(actor="worker B", activation=DisasterActivation.objects.get(pk={activation}))
"""


def _python(code: str, env: dict, **kwargs):
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", code], env={**env, "DJANGO_SETTINGS_MODULE": "tsunagu.settings"},
        text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs,
    )


@pytest.mark.parametrize("cache_url", ["", "db"])
def test_disaster_mode_off_in_one_worker_is_seen_by_another(
    disaster_active, center_staff, tmp_path, cache_url
):
    served = ServedDatabase(tmp_path)
    env = production_env(tmp_path, served.publish(), TSUNAGU_CACHE_URL=cache_url)
    worker_a = _python(WORKER_A.format(user=center_staff.pk), env, stdin=subprocess.PIPE)
    assert worker_a.stdout.readline().strip() == "True", worker_a.stderr.read()
    worker_b = _python(WORKER_B.format(activation=disaster_active.pk), env)
    assert worker_b.wait(timeout=120) == 0, worker_b.stderr.read()
    output, errors = worker_a.communicate("\n", timeout=120)
    assert worker_a.returncode == 0, errors
    assert output.strip() == "False"
