#!/usr/bin/env bash
# A one-node SLURM cluster on this machine, for testing the `profiles/slurm` workflow profile.
#
#   tools/local_slurm.sh start    write the configs, start munged, slurmctld and slurmd; wait until the node is idle
#   tools/local_slurm.sh status   exit 0 when the node answers, print sinfo
#   tools/local_slurm.sh stop     stop the three daemons
#
# Needs root and the Debian packages slurmctld slurmd slurm-client munge (installed by .ci/run, not
# here). No systemd: the daemons are started by hand, so it works in containers and on CI runners.
# The node gets every core, most of the memory and one placeholder GPU (a GRES backed by a dummy
# device file), so jobs that ask for a GPU are scheduled exactly as on a GPU cluster; no job here
# uses a real GPU.
set -euo pipefail

CONF_DIR=/etc/slurm                # where every SLURM command looks by default
STATE_DIR=/var/lib/slurm/local     # controller state, slurmd spool, logs, the dummy GPU
MARK="# written by tools/local_slurm.sh"
NODE=$(hostname -s)

MUNGE_PID=/run/munge/munged.pid

die() { echo "local_slurm: $*" >&2; exit 1; }

# Daemons are found through their pid files, so only the ones started here are ever stopped.
running() { [[ -s $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

node_up() { timeout 10 sinfo -h -N -n "$NODE" -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; }

write_configs() {
    # Never overwrite a real cluster's configuration.
    if [[ -f $CONF_DIR/slurm.conf ]] && ! grep -qF "$MARK" "$CONF_DIR/slurm.conf"; then
        die "$CONF_DIR/slurm.conf exists and was not written by this script; not touching it"
    fi
    local cpus mem_mb
    cpus=$(nproc)
    # Leave 10% (at least 512 MB) to the OS and the daemons: RealMemory above what is free makes slurmd drain the node.
    mem_mb=$(awk '/^MemTotal:/ {total = int($2 / 1024); head = int(total / 10); if (head < 512) head = 512; print total - head}' /proc/meminfo)
    mkdir -p "$CONF_DIR" "$STATE_DIR"/{ctld,spool,log}
    # slurmd checks that a GRES File= exists; a character device like /dev/null stands in for /dev/nvidia0.
    [[ -e $STATE_DIR/gpu0 ]] || mknod "$STATE_DIR/gpu0" c 1 3 2>/dev/null || touch "$STATE_DIR/gpu0"

    cat > "$CONF_DIR/slurm.conf" <<EOF
$MARK (node $NODE, $cpus CPUs, $mem_mb MB)
ClusterName=local
SlurmctldHost=$NODE
# Root runs everything: a throw-away test cluster, not a shared one.
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$STATE_DIR/ctld
SlurmdSpoolDir=$STATE_DIR/spool
SlurmctldPidFile=$STATE_DIR/slurmctld.pid
SlurmdPidFile=$STATE_DIR/slurmd.pid
SlurmctldLogFile=$STATE_DIR/log/slurmctld.log
SlurmdLogFile=$STATE_DIR/log/slurmd.log
# No slurmdbd: sacct has nothing to read, so the workflow profile asks squeue for job states.
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
# No cgroups: they are often unavailable in containers; processes are tracked through /proc.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
MailProg=/bin/true
SwitchType=switch/none
# Cores and memory are both consumable, so a job's --mem is reserved and jobs that do not fit wait.
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
GresTypes=gpu
# squeue and scontrol forget a finished job MinJobAge seconds after it ends. The snakemake SLURM
# executor (squeue as status command, as there is no accounting) needs at least 3 of its 40 s polls;
# an hour also keeps every job of a test run for tests/test_slurm.py to inspect.
MinJobAge=3600
KillWait=5
ReturnToService=2
NodeName=$NODE CPUs=$cpus RealMemory=$mem_mb Gres=gpu:1 State=UNKNOWN
# Two partitions over the same node, as on a cluster with CPU and GPU queues.
PartitionName=main Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
PartitionName=gpu Nodes=$NODE MaxTime=INFINITE State=UP
EOF
    cat > "$CONF_DIR/gres.conf" <<EOF
$MARK
AutoDetect=off
NodeName=$NODE Name=gpu File=$STATE_DIR/gpu0
EOF
    cat > "$CONF_DIR/cgroup.conf" <<EOF
$MARK
# Nothing uses cgroups here (proctrack/linuxproc, task/none); this only stops slurmd looking for it.
CgroupAutomount=no
EOF
}

start_munge() {
    if running "$MUNGE_PID"; then return; fi
    if [[ ! -s /etc/munge/munge.key ]]; then
        mkdir -p /etc/munge
        dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
    fi
    chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
    mkdir -p /run/munge /var/log/munge /var/lib/munge
    chown munge:munge /run/munge /var/log/munge /var/lib/munge
    runuser -u munge -- munged
}

start() {
    [[ $(id -u) -eq 0 ]] || die "must run as root"
    command -v slurmctld >/dev/null || die "SLURM is not installed (apt-get install slurmctld slurmd slurm-client munge)"
    if node_up; then echo "local_slurm: already running"; sinfo; return; fi
    write_configs
    start_munge
    # -c: start from an empty job list, so jobs of an earlier session never come back.
    running "$STATE_DIR/slurmctld.pid" || slurmctld -c
    running "$STATE_DIR/slurmd.pid" || slurmd
    for _ in $(seq 60); do
        if node_up; then sinfo; return; fi
        running "$STATE_DIR/slurmctld.pid" && running "$STATE_DIR/slurmd.pid" || break
        sleep 1
    done
    tail -n 20 "$STATE_DIR"/log/*.log >&2 || true
    die "node $NODE did not come up (logs: $STATE_DIR/log)"
}

stop() {
    local pidfile pidfiles=("$STATE_DIR/slurmd.pid" "$STATE_DIR/slurmctld.pid" "$MUNGE_PID")
    for pidfile in "${pidfiles[@]}"; do
        if running "$pidfile"; then kill "$(cat "$pidfile")"; fi
    done
    for _ in $(seq 20); do
        for pidfile in "${pidfiles[@]}"; do
            if running "$pidfile"; then sleep 0.5; continue 2; fi
        done
        return 0
    done
    die "daemons still running after 10 s"
}

case ${1:-} in
    start) start ;;
    stop) stop ;;
    status) node_up && sinfo ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
