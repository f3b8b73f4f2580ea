/**
 * `samples/addons/jaeger.yaml` of Istio 1.30.3: Jaeger v2 all-in-one (`jaegertracing/jaeger`)
 * with its OpenTelemetry-collector config, and the `tracing`, `zipkin` and `jaeger-collector`
 * Services, as the file has them (objects, names, labels, image, ports, probes, config).
 */
export const JAEGER_YAML = `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: jaeger
  namespace: istio-system
  labels:
    app: jaeger
spec:
  selector:
    matchLabels:
      app: jaeger
  template:
    metadata:
      labels:
        app: jaeger
        sidecar.istio.io/inject: "false"
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "8888"
    spec:
      containers:
        - name: jaeger
          image: "docker.io/jaegertracing/jaeger:2.14.0"
          args:
            - "--config"
            - "/jaeger-configuration/config.yaml"
          livenessProbe:
            httpGet:
              path: /status
              port: 13133
          readinessProbe:
            httpGet:
              path: /status
              port: 13133
          volumeMounts:
            - name: data
              mountPath: /badger
            - name: jaeger-configuration
              mountPath: "/jaeger-configuration"
          resources:
            requests:
              cpu: 10m
      volumes:
        - name: data
          emptyDir: {}
        - name: jaeger-configuration
          configMap:
            name: jaeger
---
apiVersion: v1
kind: Service
metadata:
  name: tracing
  namespace: istio-system
  labels:
    app: jaeger
spec:
  type: ClusterIP
  ports:
    - name: http-query
      port: 80
      protocol: TCP
      targetPort: 16686
    - name: grpc-query
      port: 16685
      protocol: TCP
      targetPort: 16685
  selector:
    app: jaeger
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: jaeger
  namespace: istio-system
  labels:
    app: jaeger
data:
  config.yaml: |
    service:
      extensions: [jaeger_storage, jaeger_query, remote_sampling, healthcheckv2, expvar, zpages]
      pipelines:
        traces:
          receivers: [otlp, jaeger, zipkin]
          processors: [batch]
          exporters: [jaeger_storage_exporter]
      telemetry:
        resource:
          service.name: jaeger
        metrics:
          level: detailed
          readers:
            - pull:
                exporter:
                  prometheus:
                    host: "0.0.0.0"
                    port: 8888
        logs:
          level: info

    extensions:
      jaeger_query:
        base_path: /jaeger
        storage:
          traces: badger_storage

      jaeger_storage:
        backends:
          badger_storage:
            badger:
              ephemeral: false
              directories:
                keys: "/badger/key"
                values: "/badger/data/"

      remote_sampling:
        file:
          path:
          default_sampling_probability: 1
          reload_interval: 1s
        http:
          endpoint: "0.0.0.0:5778"
        grpc:
          endpoint: "0.0.0.0:5779"

      healthcheckv2:
        use_v2: true
        http:
          endpoint: "0.0.0.0:13133"
        grpc:

      expvar:
        endpoint: "0.0.0.0:27777"

      zpages:
        endpoint: "0.0.0.0:27778"

    receivers:
      otlp:
        protocols:
          grpc:
            endpoint: "0.0.0.0:4317"
          http:
            endpoint: "0.0.0.0:4318"

      jaeger:
        protocols:
          grpc:
            endpoint: "0.0.0.0:14250"
          thrift_http:
            endpoint: "0.0.0.0:14268"
          thrift_binary:
            endpoint: "0.0.0.0:6832"
          thrift_compact:
            endpoint: "0.0.0.0:6831"

      zipkin:
        endpoint: "0.0.0.0:9411"

    processors:
      batch:

    exporters:
      jaeger_storage_exporter:
        trace_storage: badger_storage
---
apiVersion: v1
kind: Service
metadata:
  labels:
    name: zipkin
  name: zipkin
  namespace: istio-system
spec:
  ports:
    - port: 9411
      targetPort: 9411
      name: http-query
  selector:
    app: jaeger
---
apiVersion: v1
kind: Service
metadata:
  name: jaeger-collector
  namespace: istio-system
  labels:
    app: jaeger
spec:
  type: ClusterIP
  ports:
  - name: jaeger-collector-http
    port: 14268
    targetPort: 14268
    protocol: TCP
  - name: jaeger-collector-grpc
    port: 14250
    targetPort: 14250
    protocol: TCP
  - port: 9411
    targetPort: 9411
    name: http-zipkin
  - port: 4317
    name: grpc-otel
  - port: 4318
    name: http-otel
  selector:
    app: jaeger
`;
