{{/* The release's name for its objects (at most 63 characters). */}}
{{- define "simian.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "simian.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector labels of one role (scheduler, worker, service): root and role in a dict. */}}
{{- define "simian.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .role }}
{{- end -}}

{{- define "simian.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "simian.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is needed when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "simian.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{- define "simian.redisSecret" -}}
{{- default (printf "%s-redis" (include "simian.fullname" .)) .Values.redis.existingSecret -}}
{{- end -}}

{{- define "simian.tokenSecret" -}}
{{- default (printf "%s-token" (include "simian.fullname" .)) .Values.http.existingSecret -}}
{{- end -}}

{{/*
The pod of one role: root, role, args, resources and probe ("http" for the service, else the Redis check) in a
dict. The config is the ConfigMap at /etc/simian; /tmp is the pod's own scratch (the root file system is read-only).
*/}}
{{- define "simian.pod" -}}
{{- $root := .root -}}
metadata:
  labels:
    {{- include "simian.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .role }}
  annotations:
    checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
spec:
  serviceAccountName: {{ include "simian.serviceAccountName" $root }}
  terminationGracePeriodSeconds: {{ $root.Values.terminationGracePeriodSeconds }}
  securityContext:
    {{- toYaml $root.Values.podSecurityContext | nindent 4 }}
  {{- with $root.Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  containers:
    - name: simian
      image: {{ include "simian.image" $root | quote }}
      imagePullPolicy: {{ $root.Values.image.pullPolicy }}
      args:
        {{- toYaml .args | nindent 8 }}
      env:
        - name: AWS_REGION
          value: {{ $root.Values.aws.region | quote }}
        - name: SIMIAN_REDIS_PREFIX
          value: {{ $root.Values.redis.prefix | quote }}
        {{- if $root.Values.redis.cluster }}
        - name: SIMIAN_REDIS_CLUSTER
          value: {{ join "," $root.Values.redis.cluster | quote }}
        {{- else }}
        - name: SIMIAN_REDIS_URL
          valueFrom:
            secretKeyRef:
              name: {{ include "simian.redisSecret" $root }}
              key: {{ ternary $root.Values.redis.existingSecretKey "url" (not (empty $root.Values.redis.existingSecret)) }}
        {{- end }}
        {{- if eq .probe "http" }}
        - name: SIMIAN_HTTP_TOKEN
          valueFrom:
            secretKeyRef:
              name: {{ include "simian.tokenSecret" $root }}
              key: {{ ternary $root.Values.http.existingSecretKey "token" (not (empty $root.Values.http.existingSecret)) }}
        - name: SIMIAN_HTTP_ALLOWED_HOSTS
          {{- $name := include "simian.fullname" $root }}
          {{- $ns := $root.Release.Namespace }}
          value: {{ concat (list $name (printf "%s.%s" $name $ns) (printf "%s.%s.svc" $name $ns) (printf "%s.%s.svc.cluster.local" $name $ns)) $root.Values.http.allowedHosts | join "," | quote }}
        {{- end }}
      {{- if eq .probe "http" }}
      ports:
        - name: http
          containerPort: 8080
      readinessProbe:
        httpGet: { path: /healthcheck, port: http }
        periodSeconds: 15
      livenessProbe:
        httpGet: { path: /healthcheck, port: http }
        initialDelaySeconds: 15
        periodSeconds: 15
        timeoutSeconds: 5
        failureThreshold: 3
      {{- else }}
      livenessProbe:
        exec:
          command: [node, dist/core/cli/bin/simian.js, killswitch, status, -c, /etc/simian/simian.yaml]
        initialDelaySeconds: 20
        periodSeconds: 30
        timeoutSeconds: 10
        failureThreshold: 3
      {{- end }}
      resources:
        {{- toYaml .resources | nindent 8 }}
      securityContext:
        {{- toYaml $root.Values.securityContext | nindent 8 }}
      volumeMounts:
        - name: config
          mountPath: /etc/simian
          readOnly: true
        - name: tmp
          mountPath: /tmp
  volumes:
    - name: config
      configMap:
        name: {{ include "simian.fullname" $root }}
        items:
          - key: simian.yaml
            path: simian.yaml
          {{- range $name, $_ := $root.Values.schedules }}
          - key: {{ printf "schedule-%s.yaml" $name }}
            path: {{ printf "schedules/%s.yaml" $name }}
          {{- end }}
    - name: tmp
      emptyDir: {}
  {{- with $root.Values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $root.Values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $root.Values.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
