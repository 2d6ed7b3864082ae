/**
 * Worker thread of `CommonPasswordEstimator`: loads zxcvbn-ts with its common-password and
 * English dictionaries (~45 MB of heap) and answers `{ id, password, userInputs }` with
 * `{ id, score }`. It lives only while checks come: the estimator ends it when idle.
 */
import { parentPort } from 'node:worker_threads';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

export interface EstimateRequest {
  id: number;
  password: string;
  userInputs: string[];
}
export type EstimateAnswer = { id: number; score: number } | { id: number; error: string };

const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
  translations: english.translations,
});

parentPort?.on('message', (m: EstimateRequest) => {
  let answer: EstimateAnswer;
  try {
    answer = { id: m.id, score: zxcvbn.check(m.password, m.userInputs).score };
  } catch (e) {
    answer = { id: m.id, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(answer);
});
