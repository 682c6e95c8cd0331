/**
 * Built-in catalog entries for log collection: Fluent Bit and Filebeat, reading the files the app
 * writes to a shared emptyDir (the seed's "log collection" row).
 */
import { SEED_RESOURCES, type CatalogEntry } from './types.js';

/** The shared emptyDir the app writes its log files to (also used by Logtail). */
export const LOGS_VOLUME = { name: '${logVolume}', emptyDir: {} };

export const LOGGING_ENTRIES: readonly CatalogEntry[] = [
  {
    name: 'fluent-bit',
    description: 'Fluent Bit log collector: tails the files the app writes to a shared emptyDir.',
    product: 'Fluent Bit',
    role: 'log-shipper',
    source: 'built-in',
    match: {
      images: ['fluent-bit', 'amazon/aws-for-fluent-bit'],
      names: ['fluentbit'],
    },
    parameters: {
      image: { default: 'fluent/fluent-bit:3.1.9' },
      logVolume: { default: 'logs', description: 'the emptyDir the app writes its log files to' },
      logPath: { default: '/var/log/app' },
      configMap: { default: 'fluent-bit-config' },
    },
    containers: [
      {
        name: 'fluent-bit',
        image: '${image}',
        volumeMounts: [
          { name: '${logVolume}', mountPath: '${logPath}' },
          { name: 'fluent-bit-config', mountPath: '/fluent-bit/etc' },
        ],
      },
    ],
    volumes: [LOGS_VOLUME, { name: 'fluent-bit-config', configMap: { name: '${configMap}' } }],
    appVolumeMounts: [{ name: '${logVolume}', mountPath: '${logPath}' }],
    resources: SEED_RESOURCES,
    jobPolicy: 'inject',
  },
  {
    name: 'filebeat',
    description: 'Elastic Filebeat log shipper reading the shared log volume.',
    product: 'Filebeat',
    role: 'log-shipper',
    source: 'built-in',
    match: {
      images: ['filebeat', 'filebeat-oss'],
      names: ['filebeat'],
    },
    parameters: {
      image: { default: 'docker.elastic.co/beats/filebeat:8.15.0' },
      logVolume: { default: 'logs' },
      logPath: { default: '/var/log/app' },
      configMap: { default: 'filebeat-config' },
    },
    containers: [
      {
        name: 'filebeat',
        image: '${image}',
        args: ['-c', '/etc/filebeat/filebeat.yml', '-e'],
        volumeMounts: [
          { name: '${logVolume}', mountPath: '${logPath}', readOnly: true },
          { name: 'filebeat-config', mountPath: '/etc/filebeat', readOnly: true },
        ],
      },
    ],
    volumes: [LOGS_VOLUME, { name: 'filebeat-config', configMap: { name: '${configMap}' } }],
    appVolumeMounts: [{ name: '${logVolume}', mountPath: '${logPath}' }],
    resources: SEED_RESOURCES,
    jobPolicy: 'inject',
  },
];
