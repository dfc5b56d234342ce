"""Several server processes see the same thing (issue 17): before, each worker had its own
memory cache, so turning disaster mode off cleared the banner in one worker only (the others
showed it for up to 10 minutes) and every worker computed the needs grouping again.

Now the cache is shared (a table in the database by default; Redis or memcached by setting),
and the disaster flag is read from the database itself. Tested with real processes on the
test's database."""

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


CACHE_WRITER = """
import django
django.setup()
from django.core.cache import cache
cache.set("need-groups:test", ["通院の付き添い"], 600)
"""

CACHE_READER = """
import django
django.setup()
from django.core.cache import cache
print(cache.get("need-groups:test"))
"""


def test_what_one_process_caches_another_reads(tmp_path, db):
    served = ServedDatabase(tmp_path)
    env = production_env(tmp_path, served.publish())
    writer = _python(CACHE_WRITER, env)
    assert writer.wait(timeout=120) == 0, writer.stderr.read()
    output, errors = _python(CACHE_READER, env).communicate(timeout=120)
    assert output.strip() == "['通院の付き添い']", errors


@pytest.mark.parametrize("cache_url", ["", "locmem"])
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
