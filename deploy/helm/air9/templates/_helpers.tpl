{{/* Labels of every object of the chart. */}}
{{- define "air9.labels" -}}
app.kubernetes.io/part-of: air9
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Values.managedBy | default .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{/* Image of one component: repository/NAME:tag. */}}
{{- define "air9.image" -}}
{{- $ := index . 0 -}}
{{- printf "%s/%s:%s" $.Values.image.repository (index . 1) ($.Values.image.tag | default $.Chart.AppVersion) -}}
{{- end }}

{{/* http or https: the scheme of workspace URLs. */}}
{{- define "air9.scheme" -}}
{{- if .Values.ingress.tls.enabled }}https{{ else }}http{{ end -}}
{{- end }}

{{/* Pod spec parts shared by the operator and the API (PSS restricted, writable /tmp only). */}}
{{- define "air9.podSecurity" -}}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumes:
  - name: tmp
    emptyDir: {}
{{- end }}

{{/* Container parts shared by the operator and the API: port, probes, security, /tmp. */}}
{{- define "air9.container" -}}
imagePullPolicy: {{ .Values.image.pullPolicy }}
ports:
  - {name: http, containerPort: 8080, protocol: TCP}
readinessProbe:
  httpGet: {path: /actuator/health/readiness, port: http}
livenessProbe:
  httpGet: {path: /actuator/health/liveness, port: http}
  initialDelaySeconds: 30
securityContext:
  {{- toYaml .Values.containerSecurityContext | nindent 2 }}
volumeMounts:
  - {name: tmp, mountPath: /tmp}
{{- end }}

{{/* Scheduling values of one component. */}}
{{- define "air9.scheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
