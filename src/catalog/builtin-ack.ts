/**
 * Built-in catalog entries for the Alibaba Cloud ACK rows: Logtail (log collection) and the ARMS
 * agent (monitoring). ASM's Istio proxy is the istio-proxy entry in builtin-proxies.ts.
 */
import { SEED_RESOURCES, type CatalogEntry } from './types.js';
import { LOGS_VOLUME } from './builtin-logging.js';

export const ACK_ENTRIES: readonly CatalogEntry[] = [
  {
    name: 'logtail',
    description:
      'Alibaba Cloud ACK Logtail (Simple Log Service) sidecar collecting the shared log files.',
    product: 'Logtail',
    role: 'log-shipper',
    source: 'built-in',
    match: { images: ['logtail'] },
    parameters: {
      image: { default: 'registry.cn-hangzhou.aliyuncs.com/log-service/logtail:v1.8.7.0-aliyun' },
      region: { default: 'cn-hangzhou' },
      userId: { default: '' },
      machineGroup: { default: '' },
      logVolume: { default: 'logs' },
      logPath: { default: '/var/log/app' },
    },
    containers: [
      {
        name: 'logtail',
        image: '${image}',
        env: [
          { name: 'ALIYUN_LOGTAIL_USER_ID', value: '${userId}' },
          { name: 'ALIYUN_LOGTAIL_USER_DEFINED_ID', value: '${machineGroup}' },
          {
            name: 'ALIYUN_LOGTAIL_CONFIG',
            value: '/etc/ilogtail/conf/${region}/ilogtail_config.json',
          },
        ],
        volumeMounts: [{ name: '${logVolume}', mountPath: '${logPath}' }],
      },
    ],
    volumes: [LOGS_VOLUME],
    appVolumeMounts: [{ name: '${logVolume}', mountPath: '${logPath}' }],
    resources: SEED_RESOURCES,
    jobPolicy: 'inject',
  },
  {
    name: 'arms-agent',
    description:
      'Alibaba Cloud ARMS observability agent, exporting traces and metrics from localhost.',
    product: 'ARMS agent',
    role: 'telemetry',
    source: 'built-in',
    match: { images: ['arms-agent'] },
    parameters: {
      image: { default: 'registry.cn-hangzhou.aliyuncs.com/arms-docker-repo/arms-agent:4.1.0' },
      appName: { default: 'app' },
      licenseKey: { default: '' },
      region: { default: 'cn-hangzhou' },
    },
    containers: [
      {
        name: 'arms-agent',
        image: '${image}',
        env: [
          { name: 'ARMS_APP_NAME', value: '${appName}' },
          { name: 'ARMS_LICENSE_KEY', value: '${licenseKey}' },
          { name: 'ARMS_REGION_ID', value: '${region}' },
        ],
      },
    ],
    resources: SEED_RESOURCES,
    ordering: { needsNetwork: true },
    jobPolicy: 'inject',
  },
];
