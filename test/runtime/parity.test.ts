/**
 * One script, two runtimes: what the user sees (the transcript: command output, sim times,
 * pod names and IPs) and the final cluster state must be identical in-process and on
 * worker_threads, with each packing: a node's workload pods sharing a worker with its ztunnel
 * (`workers`: the default, as the page runs), one worker per pod (`per-pod`), and every pod of a
 * node sharing a worker (`packed`: embeds, large clusters). Which cases run on which packing is
 * said above each `describe.each` below.
 */
import { describe, expect, it } from 'vitest';
import { transcript as run, type RuntimeName } from '../support/playground.ts';

/** In-process transcripts are deterministic: each script runs once for both packings. */
const inProcessRuns = new Map<string, Promise<string>>();
function transcript(script: string, runtime: RuntimeName): Promise<string> {
	if (runtime !== 'inprocess') return run(script, runtime);
	const cached = inProcessRuns.get(script) ?? run(script, 'inprocess');
	inProcessRuns.set(script, cached);
	return cached;
}

const SCRIPT = `
kubectl get pods -o wide
kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage | grep -o "<title>.*</title>"
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code} %{time_total}\\n" http://productpage:9080/productpage
kubectl exec deploy/curl -- sh -c "for i in \\$(seq 1 6); do curl -s http://productpage:9080/productpage | grep -o 'reviews-v.-[a-z0-9-]*'; done"
kubectl exec deploy/curl -- curl -sS http://details:9081/
kubectl exec deploy/curl -- curl -sS http://nope:9080/
kubectl scale deploy/ratings-v1 --replicas=2
kubectl delete pod -l app=details
kubectl get endpoints
kubectl exec deploy/curl -- curl -s -w "\\n%{time_total}\\n" http://details:9080/details/0
kubectl logs deploy/productpage-v1
kubectl get pods -A -o wide
`;

/** Istio's request-timeouts page, condensed, then an abort and a sleep in a pod. */
const FAULTS = `
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient > /dev/null
kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
istioctl waypoint apply --enroll-namespace --wait > /dev/null
kubectl apply -f samples/bookinfo/platform/kube/bookinfo-versions.yaml > /dev/null
kubectl apply -f - > /dev/null <<EOF
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reviews
spec:
  parentRefs:
  - group: ""
    kind: Service
    name: reviews
    port: 9080
  rules:
  - backendRefs:
    - name: reviews-v2
      port: 9080
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ratings
spec:
  hosts:
  - ratings
  http:
  - fault:
      delay:
        percentage:
          value: 100
        fixedDelay: 2s
    route:
    - destination:
        host: ratings
EOF
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code} %{time_total}\\n" http://productpage:9080/productpage
kubectl patch httproute reviews --type=json -p '[{"op":"add","path":"/spec/rules/0/timeouts","value":{"request":"500ms"}}]' > /dev/null
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code} %{time_total}\\n" http://productpage:9080/productpage
kubectl exec deploy/curl -- curl -s -w "\\n%{http_code} %{time_total}\\n" http://reviews:9080/reviews/0
kubectl patch virtualservice ratings --type=json -p '[{"op":"replace","path":"/spec/http/0/fault","value":{"abort":{"percentage":{"value":100},"httpStatus":500}}}]' > /dev/null
kubectl exec deploy/curl -- curl -s -w "\\n%{http_code} %{time_total}\\n" http://ratings:9080/ratings/0
kubectl exec deploy/curl -- sh -c 'date +%T; sleep 3; date +%T'
date +%T
`;

/**
 * curl's `%{time_total}` values (seconds, six decimals, alone or after an HTTP status) out of a
 * transcript, and the rest.
 */
function withoutTimes(t: string): { text: string; times: number[] } {
	const times = [...t.matchAll(/^(?:\d{3} )?(\d+\.\d{6})$/gm)].map((m) => Number(m[1]));
	return { text: t.replace(/^(\d{3} )?\d+\.\d{6}$/gm, '$1<time>'), times };
}

/**
 * Which worker runtimes a case runs on. What packing changes is which hosts share a worker:
 * which links are an in-worker pair instead of a MessageChannel (pod ↔ ztunnel, pods of one
 * node), whether a pod's start or exit spawns or ends a worker, and where a capture journal
 * lives. `per-pod` gives every pod a worker, `workers` (the page's default, `agent`) puts a
 * node's workload pods with its ztunnel, `packed` (`node`) every pod of a node together. The
 * cases here run on all three: plain and failing traffic on and off each node with pod churn,
 * timers racing replies, Jobs whose pods exit, mesh traffic through ztunnel and a waypoint with
 * its timeouts, a watch over a rollout, and a capture gathered from every worker.
 * (data-path-parity.test.ts runs the raw data path, sim times included, on every packing too.)
 */
describe.each(['workers', 'per-pod', 'packed'] as const)('runtime parity: %s', (workersRuntime) => {
	it('the worker runtime prints what the in-process runtime prints (curl times within 1 ms)', async () => {
		const inProcess = await transcript(SCRIPT, 'inprocess');
		expect(inProcess).toContain('<title>Simple Bookstore App</title>');
		expect(inProcess).toMatch(/^200 0\.\d{6}$/m);
		expect(inProcess).toContain('curl: (7) Failed to connect to details port 9081');
		const workers = await transcript(SCRIPT, workersRuntime);
		// Everything identical but curl's measured times, which may differ by the Lamport-clock
		// skew (README, "Two runtimes"): at most a millisecond.
		expect(withoutTimes(workers).text).toBe(withoutTimes(inProcess).text);
		const [a, b] = [withoutTimes(inProcess).times, withoutTimes(workers).times];
		expect(a.length).toBeGreaterThanOrEqual(2);
		expect(b).toHaveLength(a.length);
		b.forEach((t, i) => expect(Math.abs(t - (a[i] as number))).toBeLessThan(0.001));
	}, 60_000);

	/**
	 * Timers against replies: a --max-time, --connect-timeout or retry back-off must fire at its
	 * sim time on both runtimes, even when the reply it races is stamped later (a worker receives
	 * that reply at once in wall time). The abandoned /delay/3 comes last: httpbin's own clock
	 * still runs on to 3 s on workers, and a later request to it would carry that skew (the
	 * Lamport-clock limit below). Not yet here: mesh traffic. A ztunnel's Lamport clock can
	 * run ahead of its clients', so on workers a first HBONE connection shows a few hundred µs
	 * more than in-process (see README, "Two runtimes").
	 */
	it('timers, timeouts and retries agree', async () => {
		const script = `
kubectl apply -f samples/httpbin/httpbin.yaml > /dev/null
kubectl wait --for=condition=ready pod -l app=httpbin > /dev/null
kubectl exec deploy/curl -- curl -sS -o /dev/null -w "%{http_code} %{time_total}\\n" http://httpbin:8000/delay/1
kubectl exec deploy/curl -- curl -sS --connect-timeout 2 -w "%{time_total}\\n" http://10.244.1.250:9080/
kubectl exec deploy/curl -- curl -sS --retry 2 --retry-all-errors -w "%{time_total}\\n" http://httpbin:8000/status/503
kubectl exec deploy/curl -- curl -sS --max-time 1 -w "%{http_code} %{time_total}\\n" http://httpbin:8000/delay/3
`;
		const inProcess = await transcript(script, 'inprocess');
		expect(inProcess).toContain('Operation timed out after 1000 milliseconds');
		expect(inProcess).toMatch(/^200 1\.\d{6}$/m);
		expect(inProcess).toContain('Will retry in 1 second');
		expect(await transcript(script, workersRuntime)).toBe(inProcess);
	}, 90_000);

	/**
	 * Name resolution with kube-dns gone (net/dns.ts): curl (c-ares) is refused at once, busybox
	 * nc's musl resolver waits out resolv.conf's 5 s, a timer that must end at the same sim time
	 * on both runtimes.
	 */
	it('a lookup with CoreDNS scaled to 0 fails alike', async () => {
		const script = `
kubectl scale deploy/coredns -n kube-system --replicas=0 > /dev/null
kubectl exec deploy/curl -- curl -sS -w "%{time_total}\\n" productpage:9080/productpage
kubectl exec deploy/curl -- sh -c 'date +%T; nc -zv details 9080; date +%T'
kubectl exec deploy/curl -- nslookup -timeout=2 productpage.default.svc.cluster.local
`;
		const inProcess = await transcript(script, 'inprocess');
		expect(inProcess).toContain('curl: (6) Could not resolve host: productpage');
		const [, before, after] =
			/^00:00:(\d\d)\nnc: bad address 'details'\n00:00:(\d\d)$/m.exec(inProcess) ?? [];
		expect(Number(after) - Number(before)).toBe(5);
		expect(inProcess).toContain(';; connection timed out; no servers could be reached');
		expect(await transcript(script, workersRuntime)).toBe(inProcess);
	}, 90_000);

	/**
	 * Run-to-completion pods: a Job's container runs its command as its main process and exits;
	 * its log, the pod's phase and exit code, the Job's conditions and every age must not depend
	 * on the runtime. A failing Job's pods are replaced after the Job controller's back-off
	 * (kubernetes/kubernetes pkg/controller/job/job_controller.go, DefaultJobPodFailureBackOff
	 * 10 s, doubling), whose timers fire during a `sleep` at their own sim times; the sleep
	 * still ends at its target (on workers it once ended ~30 s late: `advance` added its delay
	 * to the clock those timers had already moved).
	 */
	it('a Job completes alike, and a failing Job backs off alike, ages included', async () => {
		const script = `
kubectl create job hello --image=busybox:1.36 -- echo "Hello from the Job"
kubectl wait --for=condition=complete job/hello --timeout=60s
kubectl logs job/hello
kubectl get job hello -o jsonpath='{range .status.conditions[*]}{.type}={.status} {end}{.status.succeeded}{"\\n"}'
kubectl get pods -l batch.kubernetes.io/job-name -o custom-columns=NAME:.metadata.name,PHASE:.status.phase,EXIT:.status.containerStatuses[0].state.terminated.exitCode,NODE:.spec.nodeName
kubectl get jobs
kubectl create job broken --image=busybox:1.36 --dry-run=client -o yaml -- false | sed 's/^spec:/spec:\\n  backoffLimit: 2/' | kubectl apply -f -
sleep 40
date +%T
kubectl get job broken
kubectl get pods -l job-name=broken
kubectl get events --field-selector involvedObject.name=broken -o custom-columns=REASON:.reason,MESSAGE:.message
`;
		const inProcess = await transcript(script, 'inprocess');
		expect(inProcess).toContain('Hello from the Job');
		expect(inProcess).toMatch(/^hello-\S+ +Succeeded +0 /m);
		expect(inProcess).toContain('SuccessCriteriaMet=True Complete=True 1');
		expect(inProcess).toMatch(/^hello +Complete +1\/1 +1s +1s$/m);
		expect(inProcess).toMatch(/^broken-\S+ +0\/1 +Error +0 +\d+s$/m);
		expect(inProcess).toMatch(
			/^BackoffLimitExceeded +Job has reached the specified backoff limit$/m
		);
		expect(await transcript(script, workersRuntime)).toBe(inProcess);
	}, 180_000);

	/**
	 * The waits programs ask for and the timeouts that race them, through a waypoint: a
	 * VirtualService fault delay (2 s) and abort, an HTTPRoute request timeout (500 ms) that
	 * fires while the delay holds the upstream call, productpage's retry after it, and a `sleep`
	 * in a pod. Each ends at its own sim time on both runtimes. On workers a timer's wall time
	 * passing is not enough: it fires once the cluster's time has reached its deadline (README,
	 * "Clock rules"); ztunnel's unused first-config timeout once jumped a ztunnel's clock
	 * mid-request, adding ~5.7 s to the delayed request. curl's times may still differ by the
	 * Lamport skew of mesh traffic (milliseconds), never by a timer's worth.
	 * Istio's pages: docs/tasks/traffic-management/{fault-injection,request-timeouts}.
	 */
	it('fault delay and abort, a route timeout and a sleep in a pod agree', async () => {
		const inProcess = await transcript(FAULTS, 'inprocess');
		expect(inProcess).toMatch(/^200 2\.0\d{5}$/m);
		expect(inProcess).toMatch(/^200 1\.0\d{5}$/m);
		expect(inProcess).toMatch(/^upstream request timeout\n504 0\.50\d{4}$/m);
		expect(inProcess).toMatch(/^fault filter abort\n500 0\.0\d{5}$/m);
		const workers = await transcript(FAULTS, workersRuntime);
		expect(withoutTimes(workers).text).toBe(withoutTimes(inProcess).text);
		const [a, b] = [withoutTimes(inProcess).times, withoutTimes(workers).times];
		expect(a).toHaveLength(4);
		expect(b).toHaveLength(a.length);
		b.forEach((t, i) => expect(Math.abs(t - (a[i] as number))).toBeLessThan(0.01));
	}, 240_000);

	/**
	 * kubectl get -w advances sim time itself while the rollout runs; the rows it prints (pod
	 * states, ages, IPs) and where the transcript's Ctrl-C lands must not depend on the runtime.
	 */
	it('kubectl get -w during a rollout restart and a scale agrees', async () => {
		const script = `
kubectl rollout restart deploy/reviews-v2 && kubectl get pods -l app=reviews -o wide -w
^C
kubectl scale deploy/details-v1 --replicas=2 && kubectl get pods -l app=details -w --request-timeout=3s
kubectl rollout history deploy/reviews-v2
`;
		const inProcess = await transcript(script, 'inprocess');
		expect(inProcess).toMatch(/^reviews-v2-\S+ +1\/1 +Running .*\n\^C$/m);
		expect(inProcess).toContain('ContainerCreating');
		expect(await transcript(script, workersRuntime)).toBe(inProcess);
	}, 90_000);

	/**
	 * tcpdump in a debug container reads the runtime's capture journal through the host API
	 * (HostContext.capture): on workers that is the main thread's journal, gathered from every
	 * worker. It must print the same packets, flags, sequence numbers and bytes as in-process;
	 * its timestamps are sim times, which a Lamport clock may skew by microseconds on workers.
	 */
	it('tcpdump: a pod interface shows the same packets on both runtimes', async () => {
		const script = `
DETAILS=$(kubectl get pods -l app=details -o jsonpath='{.items[0].metadata.name}')
kubectl debug $DETAILS --image=nicolaka/netshoot -c sniff -- tcpdump -nAi eth0 -c 6 port 9080
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://details:9080/details/0
sleep 1
kubectl logs $DETAILS -c sniff
kubectl get pod $DETAILS -o jsonpath='{range .status.ephemeralContainerStatuses[*]}{.name} {.state.terminated.exitCode}{"\\n"}{end}'
`;
		const stamps = (t: string): string => t.replace(/^\d\d:\d\d:\d\d\.\d{6} /gm, '<time> ');
		const inProcess = await transcript(script, 'inprocess');
		expect(inProcess).toMatch(
			/^\d\d:\d\d:\d\d\.\d{6} IP [\d.]+ > [\d.]+\.9080: Flags \[S\], seq \d+, win 64240, length 0$/m
		);
		expect(inProcess).toMatch(
			/Flags \[P\.\], seq 1:\d+, ack 1, win 502, length \d+\n[^]*GET \/details\/0 HTTP\/1\.1/
		);
		expect(inProcess).toContain('6 packets captured');
		expect(inProcess).toMatch(/^sniff 0$/m);
		expect(stamps(await transcript(script, workersRuntime))).toBe(stamps(inProcess));
	}, 120_000);
});

/**
 * Also on `packed`: a sidecar pod's init container, proxy and app sharing one worker with the
 * node's other pods (the packed runtime once failed this case alone), and an ephemeral
 * container started inside a host that shares its worker. On `per-pod` these pods are each a
 * worker of their own, as istiod and the system pods are on `workers`.
 */
describe.each(['workers', 'packed'] as const)('runtime parity: %s', (workersRuntime) => {
	/**
	 * Sidecar pods on both runtimes: the default profile injects istio-init, which kubelet runs
	 * to completion (istio-iptables installs the pod's redirection) before the proxy and the
	 * app; requests then go through both sidecars.
	 */
	// One retry: in one clean-clone CI (12-07) the packed runtime's curl, right after the rollout
	// restart, got `delayed connect error: timeout` (the sidecar dialled an address that no longer
	// answered: an endpoint push racing wall-time timers on workers; open bug, session notes). A
	// deterministic difference still fails both tries.
	it('sidecar pods with istio-init agree', { timeout: 120_000, retry: 1 }, async () => {
		const script = `
istioctl install -y > /dev/null 2>&1
kubectl label namespace default istio-injection=enabled > /dev/null
kubectl rollout restart deploy/curl deploy/details-v1 > /dev/null
kubectl wait --for=condition=ready pod -l app=curl > /dev/null
kubectl wait --for=condition=ready pod -l app=details > /dev/null
kubectl get pods -l 'app in (curl,details)' -o jsonpath='{range .items[*]}{.status.initContainerStatuses[0].name}={.status.initContainerStatuses[0].state.terminated.reason} {end}{"\\n"}'
kubectl exec deploy/curl -- curl -sS http://details:9080/details/0
kubectl logs deploy/details-v1 -c istio-proxy | grep -c "inbound|9080"
`;
		const inProcess = await transcript(script, 'inprocess');
		expect(inProcess).toContain('istio-init=Completed istio-init=Completed');
		expect(inProcess).toContain('"author":"William Shakespeare"');
		expect(await transcript(script, workersRuntime)).toBe(inProcess);
	});

	/**
	 * `kubectl debug`: kubelet runs an ephemeral container inside a running pod's host
	 * (Runtime.runEphemeral). Its command reaches the pod's own localhost and the cluster, its
	 * output reaches the terminal and `kubectl logs`, its exit code its status, on both runtimes.
	 */
	it('kubectl debug: ephemeral containers run in the pod, with the same output, logs and status', async () => {
		const script = `
PP=$(kubectl get pods -l app=productpage -o jsonpath='{.items[0].metadata.name}')
CURL=$(kubectl get pods -l app=curl -o jsonpath='{.items[0].metadata.name}')
kubectl debug $PP -i --image=curlimages/curl -c probe -- curl -s -o /dev/null -w "%{http_code}\\n" localhost:9080/productpage
kubectl debug $CURL -i --image=curlimages/curl -- curl -sS http://details:9081/
kubectl debug $CURL --image=busybox -c nodump -- tcpdump -i eth0
kubectl logs $PP -c probe
kubectl get pod $CURL -o jsonpath='{range .status.ephemeralContainerStatuses[*]}{.name} {.state.terminated.exitCode} {.state.terminated.reason}{"\\n"}{end}'
kubectl get events --field-selector involvedObject.fieldPath=spec.ephemeralContainers{probe} -o custom-columns=REASON:.reason,MESSAGE:.message
`;
		const inProcess = await transcript(script, 'inprocess');
		expect(inProcess).toMatch(/^Defaulting debug container name to debugger-[a-z0-9]{5}\.$/m);
		expect(inProcess).toMatch(/^200$/m);
		expect(inProcess).toContain('curl: (7) Failed to connect to details port 9081');
		expect(inProcess).toMatch(/^debugger-[a-z0-9]{5} 7 Error$/m);
		expect(inProcess).toMatch(/^nodump 128 StartError$/m);
		expect(inProcess).toMatch(/^Started +Started container probe$/m);
		expect(await transcript(script, workersRuntime)).toBe(inProcess);
	}, 90_000);
});

/**
 * On the page's default packing only: these cases add Istio features (proxy-status, TCP through
 * a waypoint, TCPRoute weights, mirroring, Wasm, NetworkPolicy, probes, the host's
 * port-forward, a second cluster) over the links, worker churn and mesh paths that the cases
 * above already run on every packing; on `per-pod` and `packed` they ran the same worker code
 * again, with no path of their own.
 */
describe.each(['workers'] as const)('runtime parity: %s', (workersRuntime) => {
	/**
	 * Circuit breaking (docs/tasks/traffic-management/circuit-breaking, with sidecars): which of
	 * fortio's concurrent calls the client sidecar's pool overflows depends on when each arrives
	 * and when each upstream connection is ready, to the microsecond. On workers each host keeps
	 * its own Lamport clock (README, "Two runtimes"), so how many overflow is not yet identical
	 * (17 in-process, 20 on workers, seen 12-07): both runtimes must trip the breaker and agree
	 * with themselves — every 503 is a pending overflow the sidecar counted, and every 200 went
	 * through the pending queue once (one request per connection).
	 */
	it('circuit breaking: fortio through a sidecar trips the connectionPool on both runtimes', async () => {
		const script = `
istioctl install -y > /dev/null 2>&1
kubectl label namespace default istio-injection=enabled > /dev/null
kubectl apply -f samples/httpbin/httpbin.yaml > /dev/null
kubectl apply -f samples/httpbin/sample-client/fortio-deploy.yaml > /dev/null
kubectl apply -f - > /dev/null <<EOF
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: httpbin
spec:
  host: httpbin
  trafficPolicy:
    connectionPool:
      tcp:
        maxConnections: 1
      http:
        http1MaxPendingRequests: 1
        maxRequestsPerConnection: 1
EOF
kubectl wait --for=condition=ready pod -l app=fortio > /dev/null
kubectl wait --for=condition=ready pod -l app=httpbin > /dev/null
kubectl exec deploy/fortio-deploy -c fortio -- /usr/bin/fortio load -c 3 -qps 0 -n 30 -loglevel Warning http://httpbin:8000/get 2>&1 | grep -E '^(Code|Sockets used)'
kubectl exec deploy/fortio-deploy -c istio-proxy -- pilot-agent request GET stats | grep httpbin | grep pending_
`;
		const tripped = (out: string) => {
			const n = (re: RegExp) => Number(re.exec(out)?.[1] ?? NaN);
			const ok = n(/^Code 200 : (\d+) /m);
			const overflowed = n(/^Code 503 : (\d+) /m);
			expect(ok + overflowed).toBe(30);
			expect(overflowed).toBeGreaterThan(0);
			expect(n(/upstream_rq_pending_overflow: (\d+)/)).toBe(overflowed);
			expect(n(/upstream_rq_pending_total: (\d+)/)).toBe(ok);
			expect(n(/upstream_rq_pending_active: (\d+)/)).toBe(0);
		};
		tripped(await transcript(script, 'inprocess'));
		tripped(await transcript(script, workersRuntime));
	}, 180_000);

	/**
	 * Istio itself on worker_threads: istiod's bundle once failed to start there (a CommonJS
	 * `require` inside the esbuild bundle), so `istioctl install` under `npm run sim --
	 * --runtime workers` waited forever. Installs Istio and a waypoint and compares what
	 * `istioctl proxy-status` and istiod's log show: which proxies connected (the three ztunnels
	 * dial in parallel on workers, so in any order), and sync ages to the second (they may
	 * straddle a boundary by the skew above).
	 */
	it('istioctl install and a waypoint: the same proxies, pushes and logs', async () => {
		const script = `
istioctl install --set profile=ambient --skip-confirmation
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
istioctl waypoint apply --enroll-namespace --wait
istioctl proxy-status
kubectl logs -n istio-system deploy/istiod | grep -o "connection for node:[a-z0-9.-]*\\." | sort
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://productpage:9080/productpage
`;
		const coarse = (t: string) => t.replace(/(SYNCED|STALE) \(\d+s\)/g, '$1');
		const inProcess = await transcript(script, 'inprocess');
		expect(inProcess).toMatch(/^waypoint-[a-z0-9-]+\.default .* 3 \(CDS,LDS,EDS\)$/m);
		expect(inProcess).toMatch(/^200$/m);
		expect(inProcess).toContain('connection for node:waypoint-');
		expect(coarse(await transcript(script, workersRuntime))).toBe(coarse(inProcess));
	}, 120_000);

	/**
	 * Istio's TCP task pages on ambient (authz-tcp, tcp-traffic-shifting): nc to tcp-echo through
	 * ztunnel and the namespace waypoint's TCP proxy, a targetRefs DENY built for TCP, and a
	 * `(date; sleep 1)` whose sleep waits while nc's connection is open.
	 */
	it('nc to tcp-echo through a waypoint agrees', async () => {
		const script = `
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
istioctl waypoint apply --enroll-namespace --wait
kubectl apply -f samples/tcp-echo/tcp-echo.yaml > /dev/null
kubectl wait --for=condition=ready pod -l app=tcp-echo > /dev/null
kubectl exec deploy/curl -- sh -c 'echo "port 9000" | nc tcp-echo 9000'
kubectl exec deploy/curl -- sh -c "(date; sleep 1) | nc tcp-echo 9001"
kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: tcp-deny
spec:
  targetRefs:
  - kind: Service
    group: ""
    name: tcp-echo
  action: DENY
  rules:
  - to:
    - operation:
        methods: ["GET"]
        ports: ["9001"]
EOF
kubectl exec deploy/curl -- sh -c 'echo "port 9001" | nc tcp-echo 9001'; echo "exit $?"
kubectl exec deploy/curl -- sh -c 'echo "port 9002" | nc tcp-echo 9000'
kubectl logs deploy/tcp-echo
`;
		const inProcess = await transcript(script, 'inprocess');
		expect(inProcess).toContain('hello port 9000');
		expect(inProcess).toContain('hello port 9002');
		expect(inProcess).not.toContain('hello port 9001');
		expect(inProcess).toMatch(/^hello \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC 2026$/m);
		expect(await transcript(script, workersRuntime)).toBe(inProcess);
	}, 180_000);

	/**
	 * A TCPRoute (alpha Gateway API) on a Service the waypoint serves: each nc connection goes to
	 * the backend the waypoint's tcp_proxy picks by weight, a draw from the waypoint's own seeded
	 * stream, so the sequence of `one`/`two` must be the same on both runtimes.
	 */
	it('a weighted TCPRoute through a waypoint agrees', async () => {
		const script = `
istioctl install --set profile=ambient --set values.pilot.env.PILOT_ENABLE_ALPHA_GATEWAY_API=true --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.0/experimental-install.yaml > /dev/null
istioctl waypoint apply --enroll-namespace --wait
kubectl apply -f samples/tcp-echo/tcp-echo-services.yaml > /dev/null
kubectl apply -f - <<EOF
apiVersion: v1
kind: Service
metadata:
  name: tcp-echo-v1
spec:
  ports:
  - name: tcp
    port: 9000
  selector:
    app: tcp-echo
    version: v1
---
apiVersion: v1
kind: Service
metadata:
  name: tcp-echo-v2
spec:
  ports:
  - name: tcp
    port: 9000
  selector:
    app: tcp-echo
    version: v2
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata:
  name: tcp-echo
spec:
  parentRefs:
  - group: ""
    kind: Service
    name: tcp-echo
    port: 9000
  rules:
  - backendRefs:
    - name: tcp-echo-v1
      port: 9000
      weight: 50
    - name: tcp-echo-v2
      port: 9000
      weight: 50
EOF
kubectl wait --for=condition=ready pod -l app=tcp-echo > /dev/null
for i in {1..8}; do kubectl exec deploy/curl -- sh -c 'echo x | nc tcp-echo 9000'; done
kubectl get tcproute tcp-echo -o jsonpath='{.status.parents[0].conditions[*].message}{"\\n"}'
`;
		const inProcess = await transcript(script, 'inprocess');
		expect(inProcess).toMatch(/^one x$/m);
		expect(inProcess).toMatch(/^two x$/m);
		expect(await transcript(script, workersRuntime)).toBe(inProcess);
	}, 180_000);

	/**
	 * HTTPRoute RequestMirror through a waypoint: the shadow request is fire and forget (a
	 * floating exchange on the waypoint), and httpbin-v2's gunicorn log counts it, alike on both
	 * runtimes once a second of sim time has passed (on workers the shadow may land after the
	 * next command otherwise). Counts, not lines: log timestamps and XFCC hashes still differ
	 * between runtimes (sim-time parity is other work).
	 */
	it('a RequestMirror through a waypoint agrees', async () => {
		const script = `
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
istioctl waypoint apply --enroll-namespace --wait
cat <<EOF | kubectl create -f -
apiVersion: apps/v1
kind: Deployment
metadata:
  name: httpbin-v1
spec:
  replicas: 1
  selector:
    matchLabels:
      app: httpbin
      version: v1
  template:
    metadata:
      labels:
        app: httpbin
        version: v1
    spec:
      containers:
      - image: docker.io/kennethreitz/httpbin
        imagePullPolicy: IfNotPresent
        name: httpbin
        command: ["gunicorn", "--access-logfile", "-", "-b", "0.0.0.0:80", "httpbin:app"]
        ports:
        - containerPort: 80
EOF
cat <<EOF | kubectl create -f -
apiVersion: apps/v1
kind: Deployment
metadata:
  name: httpbin-v2
spec:
  replicas: 1
  selector:
    matchLabels:
      app: httpbin
      version: v2
  template:
    metadata:
      labels:
        app: httpbin
        version: v2
    spec:
      containers:
      - image: docker.io/kennethreitz/httpbin
        imagePullPolicy: IfNotPresent
        name: httpbin
        command: ["gunicorn", "--access-logfile", "-", "-b", "0.0.0.0:80", "httpbin:app"]
        ports:
        - containerPort: 80
EOF
kubectl create -f - <<EOF
apiVersion: v1
kind: Service
metadata:
  name: httpbin
  labels:
    app: httpbin
spec:
  ports:
  - name: http
    port: 8000
    targetPort: 80
  selector:
    app: httpbin
EOF
cat <<EOF | kubectl create -f -
apiVersion: apps/v1
kind: Deployment
metadata:
  name: curl
spec:
  replicas: 1
  selector:
    matchLabels:
      app: curl
  template:
    metadata:
      labels:
        app: curl
    spec:
      containers:
      - name: curl
        image: curlimages/curl
        command: ["/bin/sleep","3650d"]
        imagePullPolicy: IfNotPresent
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Service
metadata:
  name: httpbin-v1
spec:
  ports:
  - port: 80
    name: http
  selector:
    app: httpbin
    version: v1
---
apiVersion: v1
kind: Service
metadata:
  name: httpbin-v2
spec:
  ports:
  - port: 80
    name: http
  selector:
    app: httpbin
    version: v2
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: httpbin
spec:
  parentRefs:
  - group: ""
    kind: Service
    name: httpbin
    port: 8000
  rules:
  - backendRefs:
    - name: httpbin-v1
      port: 80
EOF
kubectl wait --for=condition=available deploy --all > /dev/null
kubectl exec deploy/curl -c curl -- curl -sS -o /dev/null -w "%{http_code}\\n" http://httpbin:8000/headers
sleep 1
kubectl logs deploy/httpbin-v1 -c httpbin | grep -c 'GET /headers'
kubectl logs deploy/httpbin-v2 -c httpbin | grep -c 'GET /headers'
kubectl apply -f - <<EOF
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: httpbin
spec:
  parentRefs:
  - group: ""
    kind: Service
    name: httpbin
    port: 8000
  rules:
  - filters:
    - type: RequestMirror
      requestMirror:
        backendRef:
          name: httpbin-v2
          port: 80
    backendRefs:
    - name: httpbin-v1
      port: 80
EOF
kubectl exec deploy/curl -c curl -- curl -sS -o /dev/null -w "%{http_code}\\n" http://httpbin:8000/headers
sleep 1
kubectl logs deploy/httpbin-v1 -c httpbin | grep -c 'GET /headers'
kubectl logs deploy/httpbin-v2 -c httpbin | grep -c 'GET /headers'
`;
		const inProcess = await transcript(script, 'inprocess');
		// v1 counts 1 then 2 requests, v2 none then the one shadow.
		expect(inProcess.match(/grep -c 'GET \/headers'\n(\d+)/g)?.map((m) => m.slice(-1))).toEqual([
			'1',
			'0',
			'2',
			'1'
		]);
		expect(await transcript(script, workersRuntime)).toBe(inProcess);
	}, 180_000);

	/**
	 * A WasmPlugin reaches the waypoint through istiod's push (its pluginConfig crosses the wire
	 * to a worker), the emulated basic_auth answers there, and `pilot-agent request GET stats` in
	 * the waypoint pod reads the counters its Envoy admin keeps: the same on both runtimes.
	 */
	it('a WasmPlugin on a waypoint and pilot-agent stats agree', async () => {
		const script = `
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient > /dev/null
kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
istioctl waypoint apply --enroll-namespace --wait > /dev/null
kubectl apply -f - <<EOF
apiVersion: extensions.istio.io/v1alpha1
kind: WasmPlugin
metadata:
  name: basic-auth
spec:
  targetRefs:
  - kind: Gateway
    group: gateway.networking.k8s.io
    name: waypoint
  url: oci://ghcr.io/istio-ecosystem/wasm-extensions/basic_auth:1.12.0
  phase: AUTHN
  pluginConfig:
    basic_auth_rules:
    - prefix: /productpage
      request_methods: [GET]
      credentials: ["ok:test"]
EOF
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://productpage:9080/productpage
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" -u ok:test http://productpage:9080/productpage
kubectl exec deploy/waypoint -c istio-proxy -- pilot-agent request GET stats | grep productpage
`;
		const inProcess = await transcript(script, 'inprocess');
		expect(inProcess).toMatch(/^401\n(.*\n)?200$/m);
		expect(inProcess).toMatch(/productpage\.default\.svc\.cluster\.local\.upstream_rq_total: 1$/m);
		expect(await transcript(script, workersRuntime)).toBe(inProcess);
	}, 120_000);

	/**
	 * NetworkPolicy is enforced in every pod's stack (the kindnet hook in the CNI chain the
	 * edges inject), so a dropped connection times out at the same sim time on both runtimes.
	 */
	it('NetworkPolicy: a dropped connection times out alike, and flows again once allowed', async () => {
		const script = `
kubectl apply -f - <<EOF
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-details
spec:
  podSelector:
    matchLabels:
      app: details
  policyTypes:
  - Ingress
EOF
kubectl exec deploy/curl -- curl -sS --max-time 1 http://details:9080/details/0
kubectl delete networkpolicy deny-details
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://details:9080/details/0
`;
		const inProcess = await transcript(script, 'inprocess');
		expect(inProcess).toContain('curl: (28) Failed to connect to details port 9080 after 1000 ms');
		expect(inProcess).toMatch(/^200$/m);
		expect(await transcript(script, workersRuntime)).toBe(inProcess);
	}, 90_000);

	/**
	 * kubelet's probes run on the cluster's clock (`Runtime.after`) and reach the pod through the
	 * runtime (`portForward` from the node's address; `exec`): readiness and liveness results,
	 * and so READY, RESTARTS and the events' messages, are the same on both runtimes. (Event ages
	 * are not compared: on workers `Runtime.after` is a scaled wall timer, as for kubelet's back-off.)
	 */
	it('kubelet probes: a failing readiness probe and a liveness restart agree', async () => {
		const script = `
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: probed
spec:
  containers:
  - name: httpbin
    image: docker.io/mccutchen/go-httpbin:v2.15.0
    readinessProbe:
      httpGet:
        path: /status/503
        port: 8080
      periodSeconds: 5
    livenessProbe:
      exec:
        command: ["cat", "/tmp/healthy"]
      initialDelaySeconds: 10
      periodSeconds: 5
      failureThreshold: 1
EOF
sleep 13
kubectl get pod probed -o jsonpath='{.status.containerStatuses[0].ready} {.status.containerStatuses[0].restartCount}'
echo
kubectl get events --field-selector involvedObject.name=probed -o jsonpath='{range .items[*]}{.reason}: {.message}{"\\n"}{end}' | grep -E 'Unhealthy|Killing' | sort -u
`;
		const inProcess = await transcript(script, 'inprocess');
		expect(inProcess).toMatch(/^false 1$/m);
		expect(inProcess).toContain('Readiness probe failed: HTTP probe failed with statuscode: 503');
		expect(inProcess).toContain('Container httpbin failed liveness probe, will be restarted');
		expect(await transcript(script, workersRuntime)).toBe(inProcess);
	}, 120_000);

	/**
	 * The host's curl through a background `kubectl port-forward` (the docker host calls back to
	 * the terminal's port-forward registry: a proxy to the main thread on workers, a call
	 * in-process). kubectl's own lines go to /dev/null: when they print is the job's business.
	 */
	it('the host reaches a background port-forward alike', async () => {
		const script = `
kubectl port-forward svc/productpage 9080:9080 > /dev/null &
curl -s http://localhost:9080/productpage | grep -o "<title>.*</title>"
curl -s -o /dev/null -w "%{http_code} %{remote_ip}\\n" http://127.0.0.1:9080/productpage
curl -sS http://localhost:9081/
kubectl exec deploy/curl -- curl -sS http://172.18.0.3:31999/
kill %1
curl -sS http://localhost:9080/productpage
`;
		const inProcess = await transcript(script, 'inprocess');
		expect(inProcess).toContain('<title>Simple Bookstore App</title>');
		expect(inProcess).toContain('200 127.0.0.1');
		expect(inProcess).toContain('[1]+  Terminated');
		expect(await transcript(script, workersRuntime)).toBe(inProcess);
	}, 90_000);

	it('two kind clusters (--clusters 2): each context its own pods, one clock', async () => {
		const script = `
kubectl config get-contexts
kubectl --context kind-cluster2 create deployment web --image=nginx
kubectl --context kind-cluster1 run client --image=curlimages/curl -- sleep 3600
kubectl --context kind-cluster1 wait --for=condition=Ready pod/client
kubectl --context kind-cluster2 rollout status deploy/web
sleep 5
kubectl --context kind-cluster1 get pods -o wide
kubectl --context kind-cluster2 get pods -o wide
kubectl --context kind-cluster1 get ns kube-system
kubectl --context kind-cluster2 get ns kube-system
`;
		const [inProcess, workers] = await Promise.all([
			run(script, 'inprocess', 'empty', undefined, 2),
			run(script, workersRuntime, 'empty', undefined, 2)
		]);
		expect(inProcess).toContain('cluster1-worker');
		expect(inProcess).toMatch(/^web-\S+ +1\/1 +Running .* cluster2-worker/m);
		expect(workers).toBe(inProcess);
	}, 120_000);

	it("two clusters' istiods read each other (remote secrets, a global Service's VIPs)", async () => {
		// cluster1's istiod reads cluster2's API server: cluster2 needs no Istio of its own for that.
		const setup = (c: number) => `
kubectl --context kind-cluster${c} create namespace istio-system > /dev/null
kubectl --context kind-cluster${c} label namespace istio-system topology.istio.io/network=network${c} > /dev/null
kubectl --context kind-cluster${c} create namespace sample > /dev/null
kubectl --context kind-cluster${c} apply -f samples/helloworld/helloworld.yaml -l service=helloworld -n sample
kubectl --context kind-cluster${c} label svc helloworld -n sample istio.io/global=true`;
		const script = `${setup(1)}${setup(2)}
echo y | istioctl install --context kind-cluster1 --set profile=ambient --set values.global.network=network1 --set values.global.multiCluster.clusterName=cluster1 --set values.pilot.env.AMBIENT_ENABLE_MULTI_NETWORK=true > /dev/null
istioctl create-remote-secret --context kind-cluster2 --name=cluster2 --server=https://172.18.0.5:6443 | kubectl apply -f - --context kind-cluster1
istioctl remote-clusters --context kind-cluster1
istioctl zc services --context kind-cluster1 | grep -E '^NAMESPACE|^sample'
kubectl --context kind-cluster2 label svc helloworld -n sample istio.io/global-
istioctl zc services --context kind-cluster1 | grep -E '^NAMESPACE|^sample'
`;
		const [inProcess, workers] = await Promise.all([
			run(script, 'inprocess', 'empty', undefined, 2),
			run(script, workersRuntime, 'empty', undefined, 2)
		]);
		expect(inProcess).toMatch(/cluster2 +istio-system\/istio-remote-secret-cluster2 +synced/);
		expect(inProcess).toMatch(/^sample +helloworld +10\.96\.\d+\.\d+,10\.96\.\d+\.\d+ /m);
		expect(workers).toBe(inProcess);
	}, 180_000);

	it("MetalLB gives cluster2's east-west gateway an address; cluster1's ztunnel picks double HBONE", async () => {
		const install = (c: number) => `
kubectl --context kind-cluster${c} create namespace istio-system > /dev/null
kubectl --context kind-cluster${c} label namespace istio-system topology.istio.io/network=network${c} > /dev/null
echo y | istioctl install --context kind-cluster${c} --set profile=ambient --set values.global.network=network${c} --set values.global.multiCluster.clusterName=cluster${c} --set values.pilot.env.AMBIENT_ENABLE_MULTI_NETWORK=true > /dev/null
kubectl kustomize "github.com/kubernetes-sigs/gateway-api/config/crd?ref=v1.4.0" | kubectl apply -f - --context kind-cluster${c} > /dev/null
samples/multicluster/gen-eastwest-gateway.sh --network network${c} --ambient | kubectl --context kind-cluster${c} apply -f - > /dev/null
kubectl --context kind-cluster${c} create namespace sample > /dev/null
kubectl --context kind-cluster${c} label namespace sample istio.io/dataplane-mode=ambient > /dev/null
kubectl --context kind-cluster${c} apply -f samples/helloworld/helloworld.yaml -l service=helloworld -n sample > /dev/null
kubectl --context kind-cluster${c} apply -f samples/helloworld/helloworld.yaml -l version=v${c} -n sample > /dev/null
kubectl --context kind-cluster${c} label svc helloworld -n sample istio.io/global=true > /dev/null`;
		const script = `
kubectl --context kind-cluster2 apply -f https://raw.githubusercontent.com/metallb/metallb/v0.14.3/config/manifests/metallb-native.yaml > /dev/null
kubectl --context kind-cluster2 wait -n metallb-system pod -l app=metallb --for=condition=Ready > /dev/null
printf 'apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: p\n  namespace: metallb-system\nspec:\n  addresses: [172.18.255.200-172.18.255.215]\n' | kubectl --context kind-cluster2 apply -f -
${install(1)}${install(2)}
istioctl create-remote-secret --context kind-cluster2 --name=cluster2 --server=https://172.18.0.5:6443 | kubectl apply -f - --context kind-cluster1 > /dev/null
kubectl --context kind-cluster2 get svc istio-eastwestgateway -n istio-system
kubectl --context kind-cluster1 apply -f samples/curl/curl.yaml -n sample > /dev/null
kubectl --context kind-cluster1 rollout status deploy/curl -n sample > /dev/null
istioctl zc workloads --context kind-cluster1 | grep -E 'SplitHorizon|NetworkGateway'
for i in 1 2; do kubectl --context kind-cluster1 exec -n sample deploy/curl -- curl -sS helloworld.sample:5000/hello; done
`;
		const [inProcess, workers] = await Promise.all([
			run(script, 'inprocess', 'empty', undefined, 2),
			run(script, workersRuntime, 'empty', undefined, 2)
		]);
		expect(inProcess).toMatch(/istio-eastwestgateway +LoadBalancer +\S+ +172\.18\.255\.200 /);
		expect(inProcess).toContain('NetworkGateway/network2/172.18.255.200/0');
		expect(inProcess).toContain('Hello version: v1');
		expect(inProcess).toContain('curl: (56) Recv failure: Connection reset by peer');
		expect(workers).toBe(inProcess);
	}, 300_000);
});
