# bash 5.2's signal list and `wait -n` (builtins/kill.def and common.c display_signal_list:
# `kill -l` prints Linux's signals five to a line as support/signames.c names them, SIGRTMIN 34
# under glibc; `kill -l N` names a number, past 128 an exit status's signal; wait.def and
# jobs.c wait_for_any_job: `wait -n` returns the next job to end, `-p VAR` gets its pid, 127
# when no job runs). A signal whose default action ends the process ends the job with
# glibc's strsignal text; stop signals say that stopping a job is not simulated.
kill -l
kill -l 15 143 SIGKILL int 0 32 99 FOO EXIT
kill -L 9
sleep 30 &
kill -SEGV %1
sleep 5 &
sleep 2 &
sleep 9 &
wait -n
echo "wait -n: $?"
jobs
wait -n -p WHO %1 %3
echo "wait -n -p: $? $WHO"
sh -c 'sleep 1; exit 3' &
wait -n
echo "exit status: $?"
wait -n
echo "the last one: $?"
wait -n
echo "none left: $?"
wait -n %7
echo "unknown: $?"
wait -x
wait -p
wait -p 1bad
sleep 1 &
wait -p LAST abc $!
echo "bad then pid: $? $LAST"
kill -s
kill -sUSR1 %1
sleep 4 &
kill -TSTP %1
kill -CONT %1
kill -n 37 %1
jobs
