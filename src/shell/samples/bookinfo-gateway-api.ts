/**
 * Istio's `samples/bookinfo/gateway-api/*` (istio/istio samples, verbatim): the ingress Gateway
 * and HTTPRoute of the getting-started guide, and the reviews routes of the traffic lessons.
 */

export const BOOKINFO_GATEWAY_YAML = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: bookinfo-gateway
spec:
  gatewayClassName: istio
  listeners:
  - name: http
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: bookinfo
spec:
  parentRefs:
  - name: bookinfo-gateway
  rules:
  - matches:
    - path:
        type: Exact
        value: /productpage
    - path:
        type: PathPrefix
        value: /static
    - path:
        type: Exact
        value: /login
    - path:
        type: Exact
        value: /logout
    - path:
        type: PathPrefix
        value: /api/v1/products
    backendRefs:
    - name: productpage
      port: 9080
`;

export const ROUTE_REVIEWS_90_10_YAML = `apiVersion: gateway.networking.k8s.io/v1
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
    - name: reviews-v1
      port: 9080
      weight: 90
    - name: reviews-v2
      port: 9080
      weight: 10
`;

export const ROUTE_REVIEWS_V1_YAML = `apiVersion: gateway.networking.k8s.io/v1
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
    - name: reviews-v1
      port: 9080
`;

/** An HTTPRoute sending everything for `service` to its versioned Services, by weight. */
const serviceRoute = (
	name: string,
	backends: readonly (readonly [string, number | undefined])[]
): string => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: ${name}
spec:
  parentRefs:
  - group: ""
    kind: Service
    name: ${name}
    port: 9080
  rules:
  - backendRefs:
${backends
	.map(
		([b, weight]) =>
			`    - name: ${b}\n      port: 9080\n${weight === undefined ? '' : `      weight: ${weight}\n`}`
	)
	.join('')}`;

export const ROUTE_ALL_V1_YAML = ['reviews', 'productpage', 'ratings', 'details']
	.map((s) => `${serviceRoute(s, [[`${s}-v1`, undefined]])}---\n`)
	.join('');

export const ROUTE_REVIEWS_50_V3_YAML = serviceRoute('reviews', [
	['reviews-v1', 50],
	['reviews-v3', 50]
]);

export const ROUTE_REVIEWS_V3_YAML = serviceRoute('reviews', [['reviews-v3', undefined]]);
