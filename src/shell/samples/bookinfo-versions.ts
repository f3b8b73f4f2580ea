/**
 * `samples/bookinfo/platform/kube/bookinfo-versions.yaml`: one Service per version, so Gateway
 * API routes (which cannot name DestinationRule subsets) can address `reviews-v1` etc.
 */
const versionService = (app: string, version: string): string => `apiVersion: v1
kind: Service
metadata:
  name: ${app}-${version}
spec:
  ports:
  - port: 9080
    name: http
  selector:
    app: ${app}
    version: ${version}
---
`;

export const BOOKINFO_VERSIONS_YAML: string = [
	['reviews', 'v1'],
	['reviews', 'v2'],
	['reviews', 'v3'],
	['productpage', 'v1'],
	['ratings', 'v1'],
	['details', 'v1']
]
	.map(([app, version]) => versionService(app as string, version as string))
	.join('');
