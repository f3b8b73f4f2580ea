# bash 5.2's job control as a learner uses it (bash jobs.c: describe_pid `[1] PID` on stderr,
# pretty_print_job/print_pipeline: `[N]+  Status` padded to LONGEST_SIGNAL_DESC 24, then the
# command and ` &` while it runs; notify_of_job_status before each prompt; builtins/kill.def,
# wait.def, fg_bg.def and common.c for the messages). Background jobs wait for sim time; the
# foreground (`sleep`, `wait`, `fg`) lets it pass. At the script's end the terminal closes and
# the jobs still running get SIGHUP silently.
sleep 5 &
echo "last background pid: $!"
sleep 2 &
jobs
jobs -l
jobs -p
sleep 3
jobs
wait
jobs
sh -c 'exit 3' &
sleep 1
echo hello from a job &
sleep 1
sleep 100 &
sleep 200 &
jobs %+ %-
kill %1
jobs
kill -9 %2
sleep 50 &
kill -s INT $!
sleep 60 &
kill -KILL 9999
kill %7
kill -FOO %1
kill abc
kill
wait %1
echo "wait %1: $?"
wait %5
wait 1234
sleep 1 &
wait $!
echo "wait \$!: $?"
sh -c 'sleep 1; exit 4' &
wait %1
echo "wait %1: $?"
fg
sleep 30 &
bg
fg %1
^C
echo "after fg: $?"
jobs
cd /tmp
sleep 100 &
cd
jobs
kill %1
kill -0 $$
(sleep 2 &)
jobs
sleep 300 &
