# GNU date (coreutils 9, src/date.c; gnulib nstrftime's conversions and its -, _, 0 and ^ flags) on
# the docker host and in the pods' images: the simulation's time, always UTC. Setting the clock
# is refused as in a container without CAP_SYS_TIME.
date
date -u
date +%s
date '+%Y-%m-%d %H:%M:%S'
date -I
date -Iseconds
date --iso-8601=ns
date -R
date --rfc-3339=seconds
date -d @0
date -d '1 hour ago' +%T
date -d yesterday +%F
date -d 2026-02-31
date -d "2024-02-29T12:00:00Z" "+%A %j %U %V %G %e %k %l %p %-d %_m %^a %:z %::z %q %Q"
date foo
date -x
date -s '2020-01-01'
date 01010000
date -I -R
date +%s +%s
sleep 5
date +%s
kubectl exec deploy/curl -- date
kubectl exec deploy/productpage-v1 -- date +%FT%T
