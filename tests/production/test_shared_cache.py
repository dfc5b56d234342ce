"""Several server processes see the same thing (issue 17): before, each worker had its own
memory cache, so turning disaster mode off cleared the banner in one worker only (the others
showed it for up to 10 minutes) and every worker computed the needs grouping again.

Now the cache is shared — a table in the database by default, a Redis or memcached server by
TSUNAGU_CACHE_URL — and the disaster flag is read from the database itself. Tested with real
processes on the test's database and, for Redis and memcached, real servers (Debian's
redis-server and memcached, started here on a free loopback port; .ci/run installs them).
Only a missing binary skips, and it says which package to install."""

import json
import os
import subprocess
import sys

import pytest
from tests.production.serving import (
    MEMCACHED,
    REDIS_SERVER,
    ServedDatabase,
    production_env,
    start_cache_server,
)

pytestmark = pytest.mark.django_db(transaction=True)

BINARIES = {"redis": REDIS_SERVER, "memcached": MEMCACHED}
PACKAGES = {"redis": "redis-server", "memcached": "memcached"}


@pytest.fixture
def cache_url(request, tmp_path):
    """TSUNAGU_CACHE_URL for the backend named by the test's parameter; for Redis and
    memcached a real server is started for the test and stopped after it."""
    kind = request.param
    if kind not in BINARIES:
        yield "" if kind == "db" else kind
        return
    if not os.access(BINARIES[kind], os.X_OK):
        pytest.skip(f"{BINARIES[kind]} is not installed (apt-get install {PACKAGES[kind]}; "
                    ".ci/run does it)")
    directory = tmp_path / kind
    directory.mkdir()
    server, url = start_cache_server(kind, directory)
    yield url
    server.stop()


SHARED = ["db", "redis", "memcached"]


def _python(code: str, env: dict, **kwargs):
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", code], env={**env, "DJANGO_SETTINGS_MODULE": "tsunagu.settings"},
        text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs,
    )


def _run(code: str, env: dict) -> tuple[int, str, str]:
    process = _python(code, env)
    output, errors = process.communicate(timeout=180)
    return process.returncode, output.strip(), errors


BACKEND = """
import django
django.setup()
from django.core.cache import caches
print(type(caches["default"]).__name__)
"""

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


@pytest.mark.parametrize(
    ("cache_url", "backend"),
    [("db", "DatabaseCache"), ("redis", "RedisCache"), ("memcached", "PyMemcacheCache")],
    indirect=["cache_url"],
)
def test_what_one_process_caches_another_reads(tmp_path, db, cache_url, backend):
    served = ServedDatabase(tmp_path)
    env = production_env(tmp_path, served.publish(), TSUNAGU_CACHE_URL=cache_url)
    assert _run(BACKEND, env)[1] == backend
    code, _out, errors = _run(CACHE_WRITER, env)
    assert code == 0, errors
    code, output, errors = _run(CACHE_READER, env)
    assert (code, output) == (0, "['通院の付き添い']"), errors


# Worker A groups the region's needs (the 協議体's candidate issues page does this).
GROUPER = """
import json, django
django.setup()
from tsunagu.core.models import Region
from tsunagu.needs.selectors import need_groups
groups = need_groups(Region.objects.get(pk={region}))
print(json.dumps([g.need_ids for g in groups]))
"""

# Worker B asks for the same grouping with the grouping itself made to fail: it can answer
# only from what worker A left in the shared cache.
GROUPER_WITHOUT_GROUPING = """
import json, django
django.setup()
from tsunagu.core.models import Region
from tsunagu.needs import analysis
from tsunagu.needs.selectors import need_groups

def grouped_again(*args, **kwargs):
    raise SystemExit("grouped again: the cache was not shared")

analysis.cluster = grouped_again
groups = need_groups(Region.objects.get(pk={region}))
print(json.dumps([g.need_ids for g in groups]))
"""


@pytest.mark.parametrize("cache_url", SHARED, indirect=True)
def test_needs_grouped_by_one_worker_are_not_grouped_again_by_another(
    mobility_needs, region, tmp_path, cache_url
):
    served = ServedDatabase(tmp_path)
    env = production_env(tmp_path, served.publish(), TSUNAGU_CACHE_URL=cache_url)
    code, output, errors = _run(GROUPER.format(region=region.pk), env)
    assert code == 0, errors
    groups = json.loads(output)
    assert groups == [sorted(n.pk for n in mobility_needs)]  # the three ways of saying 足がない
    code, output, errors = _run(GROUPER_WITHOUT_GROUPING.format(region=region.pk), env)
    assert code == 0, errors
    assert json.loads(output) == groups


def test_a_per_process_cache_would_group_again(mobility_needs, region, tmp_path):
    """The control for the test above: with ``locmem`` (one process's memory) worker B has
    nothing to read and must group again — which the probe refuses."""
    served = ServedDatabase(tmp_path)
    env = production_env(tmp_path, served.publish(), TSUNAGU_CACHE_URL="locmem")
    assert _run(GROUPER.format(region=region.pk), env)[0] == 0
    code, _output, errors = _run(GROUPER_WITHOUT_GROUPING.format(region=region.pk), env)
    assert code != 0 and "grouped again" in errors


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


@pytest.mark.parametrize("cache_url", ["db", "locmem", "redis", "memcached"], indirect=True)
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


RESET_REQUEST = """
import django
django.setup()
from tsunagu.accounts.password_reset import password_reset_request
print(password_reset_request(email="someone@example.invalid"))
"""


@pytest.mark.parametrize("cache_url", SHARED, indirect=True)
def test_password_reset_limit_counts_requests_in_every_worker(tmp_path, db, cache_url):
    """The limit per address holds across workers: each request lands in a new process, as
    it may behind gunicorn, and the one over the limit is refused all the same."""
    served = ServedDatabase(tmp_path)
    limit = 2
    env = production_env(tmp_path, served.publish(), TSUNAGU_CACHE_URL=cache_url,
                         TSUNAGU_PASSWORD_RESET_PER_ADDRESS=str(limit))
    answers = [_run(RESET_REQUEST, env) for _ in range(limit + 1)]
    assert all(code == 0 for code, _out, _err in answers), answers
    assert [out for _code, out, _err in answers] == ["True"] * limit + ["False"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("mysql://cache:11211", "got 'mysql'"),
        ("memcached://", "got 'memcached' with no server"),
        ("redis", "got 'redis'"),
        ("cache:s3cret@10.0.0.5", "got an unreadable value"),
    ],
)
def test_an_unknown_cache_url_is_refused_by_name(tmp_path, value, message):
    env = production_env(tmp_path, "sqlite:///" + str(tmp_path / "x.sqlite3"),
                         TSUNAGU_CACHE_URL=value)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "tsunagu", "check"], env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )
    assert result.returncode != 0
    assert "TSUNAGU_CACHE_URL must be empty, db, locmem, redis://" in result.stderr
    assert message in result.stderr
    assert "s3cret" not in result.stderr
