"""Management commands, called the way an operator calls them."""

import io

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command

from tsunagu.core.management.base import region_from_option
from tsunagu.core.models import AuditEntry, Municipality, Organization, Region, User
from tsunagu.people.models import Person


def _call(*args, **kwargs) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **kwargs)
    return out.getvalue()


def test_region_create_with_municipalities(db):
    out = _call(
        "region",
        "create",
        "sanbu",
        "山武圏域",
        "--municipalities",
        "12213:東金市,12237:山武市,12239:大網白里市",
    )
    assert "作成しました" in out
    region = Region.objects.get(code="sanbu")
    assert list(region.municipalities.values_list("code", "name")) == [
        ("12213", "東金市"),
        ("12237", "山武市"),
        ("12239", "大網白里市"),
    ]
    entry = AuditEntry.objects.filter(target_type="core.region").get()
    assert entry.path == "command:region"


@pytest.mark.parametrize(
    "spec", ["12213東金市", "1221:東金市", "12213:", "abcde:x", "12213:東金市,12213:東金市"]
)
def test_region_create_rejects_bad_municipalities(db, spec):
    with pytest.raises(CommandError):
        call_command("region", "create", "sanbu", "山武圏域", "--municipalities", spec)
    assert not Region.objects.exists()


def test_region_option_may_be_left_out_with_one_region(region, other_region):
    assert region_from_option("sanbu") == region
    with pytest.raises(CommandError, match="複数"):
        region_from_option(None)


def test_region_option_defaults_to_the_only_region(region):
    assert region_from_option(None) == region
    with pytest.raises(CommandError, match="ありません"):
        region_from_option("nowhere")


def test_demo_is_idempotent_and_has_one_account_per_role(db):
    _call("demo", "--quiet-logins")
    counts = (
        Region.objects.count(),
        Municipality.objects.count(),
        Organization.objects.count(),
        User.objects.count(),
        Person.objects.count(),
    )
    out = _call("demo")
    assert (
        Region.objects.count(),
        Municipality.objects.count(),
        Organization.objects.count(),
        User.objects.count(),
        Person.objects.count(),
    ) == counts
    region = Region.objects.get(code="sanbu")
    assert sorted(region.municipalities.values_list("code", flat=True)) == [
        "12213",
        "12237",
        "12239",
        "12403",
        "12409",
        "12410",
    ]
    assert sorted(User.objects.values_list("role", flat=True)) == sorted(
        ["admin", "center_staff", "provider_staff", "secretariat", "municipality", "member"]
    )
    assert Organization.objects.filter(
        short_name="さんサポ", operator="社会福祉法人ワナーホーム"
    ).exists()
    assert not Person.objects.filter(is_fictional=False).exists()
    # The published 令和4年度 total: 276 persons consulted (DOMAIN.md).
    from tsunagu.consultations.models import Consultation

    r4 = Consultation.objects.filter(region=region, fiscal_year=2022)
    assert r4.values("person").exclude(person=None).distinct().count() == 276
    assert r4.filter(person=None).exists()
    # The center's report keeps the 276; its split by 市町村 (invented) adds up to it.
    from tsunagu.reports.figures import center_organizations
    from tsunagu.reports.selectors import annual_reports

    reports = annual_reports(
        region=region, fiscal_year=2022, organizations=center_organizations(region.pk)
    )
    assert reports.region.persons_total == 276
    assert sum(m.report.persons_total for m in reports.municipalities) == 276
    assert all(m.report.persons_total for m in reports.municipalities)
    assert "demo-center" in out and "tsunagu demo --otp" in out


def test_demo_otp_code_lets_a_demo_account_in(client, db):
    _call("demo", "--quiet-logins", "--without-records")
    client.post("/accounts/login/", {"username": "demo-center", "password": "tsunagu-demo-2026"})
    code = _call("demo", "--otp").strip()
    assert len(code) == 6 and code.isdigit()
    assert client.post("/accounts/otp/", {"token": code})["Location"] == "/dashboard/"


def test_user_create_command(region, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("a-strong-pass-2026\n"))
    _call("user", "create", "first-admin", "--role", "admin", "--password-stdin")
    user = User.objects.get(username="first-admin")
    assert user.region == region and user.check_password("a-strong-pass-2026")
    monkeypatch.setattr("sys.stdin", io.StringIO("weak\n"))
    with pytest.raises(CommandError):
        call_command("user", "create", "second", "--role", "admin", "--password-stdin")


def _snapshot() -> str:
    objects = [
        *Region.objects.all(),
        *Municipality.objects.all(),
        *Organization.objects.all(),
        *User.objects.all(),
        *Person.objects.all(),
        *AuditEntry.objects.all(),
    ]
    return serializers.serialize("json", objects)


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(tmp_path):
    _call("demo", "--quiet-logins", "--without-records")
    before = _snapshot()
    path = tmp_path / "tsunagu.backup"
    assert "バックアップしました" in _call("backup", str(path))
    assert path.stat().st_size > 0
    # Change the database after the backup...
    Organization.objects.filter(short_name="さんサポ").update(phone="000-0000-0000")
    call_command(
        "region",
        "create",
        "extra",
        "追加圏域",
        "--municipalities",
        "12100:千葉市",
        stdout=io.StringIO(),
    )
    assert _snapshot() != before
    # ...and the restore brings back exactly what was backed up.
    _call("restore", str(path), "--yes")
    assert _snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "bogus.backup"
    bogus.write_bytes(b"this is not a database")
    call_command(
        "region",
        "create",
        "keep",
        "残す圏域",
        "--municipalities",
        "12100:千葉市",
        stdout=io.StringIO(),
    )
    with pytest.raises(CommandError):
        call_command("restore", str(bogus), "--yes")
    with pytest.raises(CommandError):
        call_command("restore", str(tmp_path / "missing.backup"), "--yes")
    assert Region.objects.filter(code="keep").exists()
