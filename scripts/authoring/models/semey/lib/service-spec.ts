// What differs between the seven Semey services: the parameters the shared route templates take.
import type { RouteNode } from '../../../route-model.js';
import type { SemeyRoute } from './act-text.js';
import type { LimitOverride } from './limits.js';

/** Where a review branch leads, built by the template once the chains' ids are known. */
export interface ResultContext {
  route: SemeyRoute;
  /** Lane ids of the route. */
  lanes: { provider: string; rshep: string; refusalEnd: string };
  /** Id of the node every positive branch joins before delivery. */
  deliverId: string;
  /** Id of the refusal chain's first node. */
  refusalId: string;
  /** The review step's label on this route: 'условие 2' or 'условие 3'. */
  reviewStep: string;
  /** The result step's label on this route: 'процесс 8' or 'процесс 9'. */
  resultStep: string;
  /** The result step's verbatim text. */
  resultText: string;
  /** The refusal step's label on this route: 'процесс 7' or 'процесс 8'. */
  refusalStep: string;
  /** The review and refusal steps' verbatim texts. */
  reviewText: string;
  refusalText: string;
}

export interface ServiceSpec {
  service: string;
  /** Title of the регламент (process names start with it). */
  title: { ru: string; kk: string };
  /** Routes the act describes, in the order of its diagrams. */
  routes: SemeyRoute[];
  /** Lane name of the organisation that reviews and signs: «Услугодатель» or «МИО». */
  reviewerLane: string;
  /** The ЦОН route enters a notarised power of attorney and asks ЕНИС (S3–S7). */
  powerOfAttorney: boolean;
  /**
   * Prefix of the service's form ids; defaults to the service id. Forms are global across tenants, so a
   * service id that another tenant also uses (preschool-queue) gets a tenant-qualified prefix.
   */
  formPrefix?: string;
  /** Decisions the review task may complete with, besides 'refusal'. */
  decisions: Array<'issued' | 'direction' | 'queue'>;
  /** Output document form ids (src/documents) this service issues, 'refusal' included. */
  outputs: string[];
  /**
   * Nodes between the review gateway's positive branch and delivery: output generation and whatever it
   * needs. They must end by pointing at ctx.deliverId. Returns the nodes and the branches of the review
   * gateway other than refusal.
   */
  resultNodes(ctx: ResultContext): { branches: Array<{ target: string; condition?: string; name?: string; default?: boolean }>; nodes: RouteNode[] };
  /** Optional checks between registration and the review (S6: the guardianship register). */
  beforeReview?(ctx: ResultContext & { reviewId: string }): { first: string; nodes: RouteNode[] };
  /** Readings of time-limit cells that cannot be parsed as printed: key '<route>:<action>'. */
  limitOverrides?: Record<string, LimitOverride>;
}
