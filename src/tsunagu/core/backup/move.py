"""Moving a center's database from the embedded SQLite to PostgreSQL (`tsunagu dbmove`).

1. The source is checked: every migration applied, every table one tsunagu knows.
2. The target must be empty (no table at all: a database just made with ``createdb``); it is
   migrated, so it gets tsunagu's schema, constraints and the audit log's append-only trigger.
3. Every model's table is copied in dependency order (the tables a row points to first), in
   batches, inside one transaction on each side: on SQLite the source is locked against
   writes for the duration (tsunagu should be stopped anyway), and a failure leaves nothing
   committed in the target. Values go through Django's field conversions, but not through
   ``save()``: timestamps (``auto_now``) and the audit log are copied as they are.
4. Sequences are reset, so the next new row gets the next free id.
5. Every table's row count and an order-independent checksum of its normalized rows
   (``digest.normalized_row``) are compared between source and target; any difference is an
   error naming the tables. The audit log's append-only trigger is checked on the target.

The rows written by ``migrate`` itself (content types, permissions) are removed from the
target before the copy, which brings the source's own rows with their ids."""

import dataclasses
from collections.abc import Callable

import dj_database_url
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from tsunagu.core.backup.digest import Accumulator, TableDigests, mismatches, normalized_row

SOURCE = "default"
TARGET = "dbmove_target"
BATCH = 1000
# Tables that are not models: Django's migration record (rebuilt by migrate and compared
# separately) and SQLite's own bookkeeping; also the database cache (``cache_tables``), made
# again in the target and not copied.
NOT_MODELS = {"django_migrations", "sqlite_sequence"}
AUDIT_TRIGGERS = {
    "postgresql": ["core_auditentry_append_only"],
    "sqlite": ["core_auditentry_no_update", "core_auditentry_no_delete"],
}

Say = Callable[[str], None]


class MoveError(Exception):
    pass


@dataclasses.dataclass
class MoveResult:
    tables: TableDigests
    audit_triggers: list[str]


def target_settings(url: str) -> dict:
    """The settings of the target database, from a postgres:// URL."""
    if not url.startswith(("postgres://", "postgresql://")):
        raise MoveError(_("移行先は postgres:// で始まる URL で指定してください。"))
    parsed = dj_database_url.parse(url)
    base = dict(connections.settings[SOURCE])
    return {
        **base,
        "ENGINE": parsed["ENGINE"],
        "NAME": parsed["NAME"],
        "USER": parsed.get("USER", ""),
        "PASSWORD": parsed.get("PASSWORD", ""),
        "HOST": parsed.get("HOST", ""),
        "PORT": parsed.get("PORT", ""),
        "OPTIONS": {},
        "CONN_MAX_AGE": 0,
        "TEST": {**base.get("TEST", {}), "NAME": None},
    }


def moved_models() -> list[type[models.Model]]:
    """Every table-backed model, each after the models its foreign keys point to (cycles,
    if any, are broken arbitrarily: PostgreSQL checks foreign keys at commit)."""
    candidates = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]
    ordered: list[type[models.Model]] = []
    placed: set[type[models.Model]] = set()
    visiting: set[type[models.Model]] = set()

    def place(model: type[models.Model]) -> None:
        if model in placed or model in visiting:
            return
        visiting.add(model)
        for field in model._meta.concrete_fields:
            related = field.related_model if field.is_relation else None
            if related is not None and related is not model and related in candidates_set:
                place(related)
        visiting.discard(model)
        placed.add(model)
        ordered.append(model)

    candidates_set = set(candidates)
    for model in sorted(candidates, key=lambda m: m._meta.db_table):
        place(model)
    return ordered


def _columns(model: type[models.Model]) -> list[models.Field]:
    return list(model._meta.concrete_fields)


def _rows(model: type[models.Model], alias: str):
    fields = _columns(model)
    return (
        model._base_manager.using(alias)
        .order_by(model._meta.pk.attname)
        .values_list(*(field.attname for field in fields))
        .iterator(chunk_size=BATCH)
    )


def table_digests(alias: str, model_list: list[type[models.Model]]) -> TableDigests:
    found = {}
    for model in model_list:
        accumulator = Accumulator()
        for row in _rows(model, alias):
            accumulator.add(normalized_row(row))
        found[model._meta.db_table] = accumulator.result()
    return found


def cache_tables() -> set[str]:
    """The database cache's tables: made by migrate/createcachetable, their rows disposable."""
    return {
        str(cache["LOCATION"])
        for cache in settings.CACHES.values()
        if cache.get("BACKEND", "").endswith("db.DatabaseCache")
    }


def _check_source(model_list: list[type[models.Model]]) -> None:
    source = connections[SOURCE]
    executor = MigrationExecutor(source)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise MoveError(
            _(
                "移行元に未適用のマイグレーションがあります。先に tsunagu upgrade を実行してください。"
            )
        )
    known = {model._meta.db_table for model in model_list} | NOT_MODELS | cache_tables()
    with source.cursor() as cursor:
        tables = set(source.introspection.table_names(cursor))
    unknown = sorted(tables - known)
    if unknown:
        raise MoveError(
            _("移行元に tsunagu の知らない表があります（移行できません）: %(tables)s")
            % {"tables": ", ".join(unknown)}
        )


def _prepare_target(say: Say) -> None:
    target = connections[TARGET]
    try:
        with target.cursor() as cursor:
            tables = target.introspection.table_names(cursor)
    except Exception as error:  # noqa: BLE001 — the driver's connection errors, shown as they are
        raise MoveError(
            _("移行先のデータベースに接続できません: %(error)s") % {"error": error}
        ) from None
    if tables:
        raise MoveError(
            _(
                "移行先のデータベースは空ではありません（表が %(count)d あります）。"
                "空のデータベースを作って指定してください（例: createdb -O tsunagu tsunagu）。"
            )
            % {"count": len(tables)}
        )
    say(_("移行先にテーブルを作成しています（migrate）…"))
    call_command("migrate", database=TARGET, interactive=False, verbosity=0)
    if cache_tables():
        call_command("createcachetable", database=TARGET, verbosity=0)


def _insert(model: type[models.Model], rows: list[tuple], cursor) -> None:
    target = connections[TARGET]
    fields = _columns(model)
    quote = target.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 — names from the models
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    prepared = [
        [
            field.get_db_prep_save(value, connection=target)
            for field, value in zip(fields, row, strict=True)
        ]
        for row in rows
    ]
    cursor.executemany(sql, prepared)


def _copy(model_list: list[type[models.Model]], say: Say) -> TableDigests:
    """Copy every table; the source's checksums, from the very rows that were copied."""
    target = connections[TARGET]
    expected: TableDigests = {}
    tables = [model._meta.db_table for model in model_list]
    with transaction.atomic(using=SOURCE), transaction.atomic(using=TARGET):
        with target.cursor() as cursor:  # what migrate wrote (content types, permissions)
            for statement in target.ops.sql_flush(
                no_style(), tables, reset_sequences=False, allow_cascade=True
            ):
                cursor.execute(statement)
        for number, model in enumerate(model_list, start=1):
            accumulator = Accumulator()
            batch: list[tuple] = []
            with target.cursor() as cursor:
                for row in _rows(model, SOURCE):
                    accumulator.add(normalized_row(row))
                    batch.append(row)
                    if len(batch) >= BATCH:
                        _insert(model, batch, cursor)
                        batch = []
                if batch:
                    _insert(model, batch, cursor)
            expected[model._meta.db_table] = accumulator.result()
            say(
                f"[{number}/{len(model_list)}] {model._meta.db_table}: "
                + _("%(count)s 行") % {"count": f"{accumulator.count:,}"}
            )
        with target.cursor() as cursor:
            for statement in target.ops.sequence_reset_sql(no_style(), model_list):
                cursor.execute(statement)
    return expected


def _audit_triggers() -> list[str]:
    target = connections[TARGET]
    wanted = AUDIT_TRIGGERS.get(target.vendor, [])
    with target.cursor() as cursor:
        if target.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'core_auditentry'::regclass"
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                " AND tbl_name = 'core_auditentry'"
            )
        present = {row[0] for row in cursor.fetchall()}
    missing = [name for name in wanted if name not in present]
    if missing:
        raise MoveError(
            _("移行先で監査ログの追記専用の仕組みがありません: %(names)s")
            % {"names": ", ".join(missing)}
        )
    return wanted


def _applied(alias: str) -> set[tuple[str, str]]:
    return set(MigrationRecorder.Migration.objects.using(alias).values_list("app", "name"))


def database_move(*, url: str, step: Say, say: Say) -> MoveResult:
    """Move every row of the current database into the empty database at ``url``."""
    connections.settings[TARGET] = target_settings(url)
    try:
        model_list = moved_models()
        step(_("移行元を確認しています"))
        _check_source(model_list)
        step(_("移行先を確認して準備しています"))
        _prepare_target(say)
        step(_("全テーブルを複製しています"))
        expected = _copy(model_list, say)
        step(_("移行先の件数とチェックサムを移行元と比べています"))
        found = table_digests(TARGET, model_list)
        wrong = mismatches(expected, found)
        missing_migrations = _applied(SOURCE) - _applied(TARGET)
        if missing_migrations:
            wrong.append(f"django_migrations ({len(missing_migrations)} missing)")
        if wrong:
            raise MoveError(
                _("移行先の内容が移行元と一致しません。移行先は使わないでください: %(tables)s")
                % {"tables": "、".join(wrong)}
            )
        triggers = _audit_triggers()
        return MoveResult(tables=found, audit_triggers=triggers)
    finally:
        if TARGET in connections.settings:
            connections[TARGET].close()
            del connections[TARGET]
        connections.settings.pop(TARGET, None)
