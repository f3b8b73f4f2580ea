/**
 * Istio's `samples/bookinfo/networking/*` (istio/istio 1.30.3 samples, verbatim): the
 * classic ingress Gateway (`bookinfo-gateway.yaml`), and the DestinationRules and
 * VirtualServices of the request-routing, fault-injection and traffic-shifting tasks. Their destinations name no `port`: each Bookinfo Service has one.
 */

/** `indent`: some of Istio's files indent the hosts list by four spaces; kept verbatim. */
const vs = (
	name: string,
	http: string,
	indent = '  '
): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
spec:
  hosts:
${indent}- ${name}
  http:
${http}`;

const routeTo = (host: string, subset: string): string => `  - route:
    - destination:
        host: ${host}
        subset: ${subset}
`;

/** `route` to `subset` for requests from user jason, with `fault` first when given. */
const jason = (host: string, subset: string, fault = ''): string => `  - match:
    - headers:
        end-user:
          exact: jason
${fault}    route:
    - destination:
        host: ${host}
        subset: ${subset}
`;

const dr = (name: string, subsets: readonly string[]): string => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${name}
spec:
  host: ${name}
  subsets:
${subsets.map((s) => `  - name: ${s}\n    labels:\n      version: ${s}\n`).join('')}`;

export const DESTINATION_RULE_ALL_YAML = [
	dr('productpage', ['v1']),
	dr('reviews', ['v1', 'v2', 'v3']),
	dr('ratings', ['v1', 'v2', 'v2-mysql', 'v2-mysql-vm']),
	dr('details', ['v1', 'v2'])
]
	.map((d) => `${d}---\n`)
	.join('');

export const VIRTUAL_SERVICE_ALL_V1_YAML = ['productpage', 'reviews', 'ratings', 'details']
	.map((s) => `${vs(s, routeTo(s, 'v1'))}---\n`)
	.join('');

export const VIRTUAL_SERVICE_REVIEWS_TEST_V2_YAML = vs(
	'reviews',
	jason('reviews', 'v2') + routeTo('reviews', 'v1'),
	'    '
);

export const VIRTUAL_SERVICE_RATINGS_TEST_DELAY_YAML = vs(
	'ratings',
	jason(
		'ratings',
		'v1',
		`    fault:
      delay:
        percentage:
          value: 100.0
        fixedDelay: 7s
`
	) + routeTo('ratings', 'v1')
);

export const VIRTUAL_SERVICE_RATINGS_TEST_ABORT_YAML = vs(
	'ratings',
	jason(
		'ratings',
		'v1',
		`    fault:
      abort:
        percentage:
          value: 100.0
        httpStatus: 500
`
	) + routeTo('ratings', 'v1')
);

export const VIRTUAL_SERVICE_REVIEWS_50_V3_YAML = vs(
	'reviews',
	`  - route:
    - destination:
        host: reviews
        subset: v1
      weight: 50
    - destination:
        host: reviews
        subset: v3
      weight: 50
`,
	'    '
);

export const VIRTUAL_SERVICE_REVIEWS_V3_YAML = vs('reviews', routeTo('reviews', 'v3'), '    ');

/** Bookinfo's classic ingress: a Gateway on the stock ingress gateway and its VirtualService. */
export const BOOKINFO_GATEWAY_YAML = `apiVersion: networking.istio.io/v1alpha3
kind: Gateway
metadata:
  name: bookinfo-gateway
spec:
  # The selector matches the ingress gateway pod labels.
  # If you installed Istio using Helm following the standard documentation, this would be "istio=ingress"
  selector:
    istio: ingressgateway # use istio default controller
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - "*"
---
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: bookinfo
spec:
  hosts:
  - "*"
  gateways:
  - bookinfo-gateway
  http:
  - match:
    - uri:
        exact: /productpage
    - uri:
        prefix: /static
    - uri:
        exact: /login
    - uri:
        exact: /logout
    - uri:
        prefix: /api/v1/products
    route:
    - destination:
        host: productpage
        port:
          number: 9080
`;

export const BOOKINFO_NETWORKING_FILES: Record<string, string> = {
	'samples/bookinfo/networking/bookinfo-gateway.yaml': BOOKINFO_GATEWAY_YAML,
	'samples/bookinfo/networking/destination-rule-all.yaml': DESTINATION_RULE_ALL_YAML,
	'samples/bookinfo/networking/virtual-service-all-v1.yaml': VIRTUAL_SERVICE_ALL_V1_YAML,
	'samples/bookinfo/networking/virtual-service-reviews-test-v2.yaml':
		VIRTUAL_SERVICE_REVIEWS_TEST_V2_YAML,
	'samples/bookinfo/networking/virtual-service-ratings-test-delay.yaml':
		VIRTUAL_SERVICE_RATINGS_TEST_DELAY_YAML,
	'samples/bookinfo/networking/virtual-service-ratings-test-abort.yaml':
		VIRTUAL_SERVICE_RATINGS_TEST_ABORT_YAML,
	'samples/bookinfo/networking/virtual-service-reviews-50-v3.yaml':
		VIRTUAL_SERVICE_REVIEWS_50_V3_YAML,
	'samples/bookinfo/networking/virtual-service-reviews-v3.yaml': VIRTUAL_SERVICE_REVIEWS_V3_YAML
};
