/**
 * Channel-importance criteria of the pruning baselines, as pure math on plain arrays (no tensors): the engines'
 * trainers supply kernels and feature maps, these functions turn them into one score per channel, and src/engine/prune
 * into the kept channels (coupled channels together). See reference section 11 for each method.
 */
export { l1FilterScores } from './l1.js';
export { channelIndependence, channelsFirst, chipScores, CHIP_DECIMALS, nuclearNorm, type FeatureMaps } from './chip.js';
export { gaussianGram, hadamard, hrelScores, hrelSigma, LABEL_SIGMA, labelGram, mutualInformation, renyiEntropy, smoothSigma, type BatchMaps } from './hrel.js';
