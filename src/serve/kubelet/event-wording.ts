/**
 * The kubelet's event wording moved down to src/timeline/event-wording.ts (pure, shared with the
 * timeline page of src/ui); serve's kubelet keeps importing it from here.
 */
export {
  kubeletEventsOf,
  type KubeletEventSpec,
  type WordingContext,
} from '../../timeline/event-wording.js';
