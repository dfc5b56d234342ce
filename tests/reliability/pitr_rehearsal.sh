#!/bin/sh
# A rehearsal of docs/backup.md's WAL archiving and point-in-time recovery, on a throw-away
# PostgreSQL 15 cluster in /tmp (port 5499, its own socket; the machine's server is untouched).
# Run as the postgres user:  su postgres -c "sh tests/reliability/pitr_rehearsal.sh"
# It archives WAL, takes a base backup, writes row 2, notes the time, deletes everything, then
# recovers to the noted time: it must print 1 and 2, then f (recovery ended, promoted).
set -eu
B=${PG_BIN:-/usr/lib/postgresql/15/bin}
D=/tmp/tsunagu-pitr-rehearsal
rm -rf $D; mkdir -p $D/wal-archive $D/base
$B/initdb -D $D/main -A trust -U postgres >/dev/null
cat >> $D/main/postgresql.conf <<CONF
port = 5499
listen_addresses = ''
unix_socket_directories = '$D'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $D/wal-archive/%f && cp %p $D/wal-archive/%f'
archive_timeout = 300
CONF
$B/pg_ctl -D $D/main -l $D/log -w start >/dev/null
trap '$B/pg_ctl -D $D/main -m fast stop >/dev/null 2>&1 || true' EXIT
P="$B/psql -h $D -p 5499 -U postgres -Atq"
$P -c "create table t (x int, at timestamptz default now())" -c "insert into t(x) values (1)"
$B/pg_basebackup -h $D -p 5499 -U postgres -D $D/base/1 -Ft -z -Xs --checkpoint=fast
$P -c "insert into t(x) values (2)"
sleep 1
TARGET=$($P -c "select now()")
sleep 1
$P -c "delete from t" -c "select pg_switch_wal()" >/dev/null
sleep 2
ls $D/wal-archive | head -3
$B/pg_ctl -D $D/main -w stop >/dev/null
mv $D/main $D/main.before-recovery
mkdir -m 0700 $D/main
tar -xzf $D/base/1/base.tar.gz -C $D/main
tar -xzf $D/base/1/pg_wal.tar.gz -C $D/main/pg_wal
cat >> $D/main/postgresql.conf <<CONF
restore_command = 'cp $D/wal-archive/%f %p'
recovery_target_time = '$TARGET'
recovery_target_action = 'promote'
CONF
touch $D/main/recovery.signal
$B/pg_ctl -D $D/main -l $D/log2 -w start >/dev/null
sleep 2
echo "after recovery to $TARGET:"; $P -c "select x from t order by x" -c "select pg_is_in_recovery()"
ls $D/wal-archive/*.backup
# dry run (-n): the segments pg_archivecleanup would delete, those before the base backup
$B/pg_archivecleanup -n $D/wal-archive "$(basename "$(ls $D/wal-archive/*.backup | tail -1)")"
$B/pg_ctl -D $D/main -w stop >/dev/null
rm -rf "$D"
