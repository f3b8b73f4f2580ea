/**
 * Runtime parity (see parity.test.ts) for Istio features: sidecars and ephemeral containers on
 * `workers` and `packed`, then proxy-status, TCP through a waypoint, mirroring, Wasm,
 * NetworkPolicy, probes and the host's port-forward on `workers`.
 */
import { describe, expect, it } from 'vitest';
import { transcript } from './parity-runs.ts';

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
 * port-forward; a second cluster in parity-multicluster.test.ts) over the links, worker churn and mesh paths that the cases
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
});
