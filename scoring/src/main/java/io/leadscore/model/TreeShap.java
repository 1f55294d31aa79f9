package io.leadscore.model;

/**
 * Exact SHAP values of one tree in polynomial time: Lundberg, Erion and Lee's TreeSHAP (Algorithm 2
 * of "Consistent Individualized Feature Attribution for Tree Ensembles", 2018). It follows all
 * paths at once, tracking for every subset size the share of paths on which the features seen so
 * far are "known" (follow the lead's value) or "unknown" (split by the nodes' training cover). The
 * result satisfies {@code expectation + Σ phi = leaf value of x}, where the expectation is the
 * cover-weighted mean of the leaves.
 */
final class TreeShap {
    private TreeShap() {
    }

    /** Adds the SHAP value of every feature for {@code x} in tree {@code t} to {@code phi}. */
    static void explain(TreeEnsemble.Tree t, double[] x, double[] phi) {
        int maxPath = depth(t, 0) + 2;
        Path root = new Path(maxPath);
        recurse(t, x, phi, 0, root, 0, 1.0, 1.0, -1);
    }

    /** The unique path of features from the root: feature, zero and one fractions, and the permutation weights. */
    private static final class Path {
        final int[] feature;
        final double[] zero;
        final double[] one;
        final double[] weight;

        Path(int capacity) {
            feature = new int[capacity];
            zero = new double[capacity];
            one = new double[capacity];
            weight = new double[capacity];
        }

        Path copy(int length) {
            Path p = new Path(feature.length);
            System.arraycopy(feature, 0, p.feature, 0, length);
            System.arraycopy(zero, 0, p.zero, 0, length);
            System.arraycopy(one, 0, p.one, 0, length);
            System.arraycopy(weight, 0, p.weight, 0, length);
            return p;
        }

        /** EXTEND: appends a feature at position {@code depth} and updates the weights. */
        void extend(int depth, double zeroFraction, double oneFraction, int featureIndex) {
            feature[depth] = featureIndex;
            zero[depth] = zeroFraction;
            one[depth] = oneFraction;
            weight[depth] = depth == 0 ? 1.0 : 0.0;
            for (int i = depth - 1; i >= 0; i--) {
                weight[i + 1] += oneFraction * weight[i] * (i + 1) / (depth + 1);
                weight[i] = zeroFraction * weight[i] * (depth - i) / (depth + 1);
            }
        }

        /** UNWIND: removes the feature at {@code index} from a path whose last position is {@code depth}. */
        void unwind(int depth, int index) {
            double o = one[index];
            double z = zero[index];
            double next = weight[depth];
            for (int i = depth - 1; i >= 0; i--) {
                if (o != 0) {
                    double tmp = weight[i];
                    weight[i] = next * (depth + 1) / ((i + 1) * o);
                    next = tmp - weight[i] * z * (depth - i) / (depth + 1);
                } else {
                    weight[i] = weight[i] * (depth + 1) / (z * (depth - i));
                }
            }
            for (int i = index; i < depth; i++) {
                feature[i] = feature[i + 1];
                zero[i] = zero[i + 1];
                one[i] = one[i + 1];
            }
        }

        /** The total weight the path would have with the feature at {@code index} unwound (without unwinding it). */
        double unwoundSum(int depth, int index) {
            double o = one[index];
            double z = zero[index];
            double next = weight[depth];
            double total = 0;
            for (int i = depth - 1; i >= 0; i--) {
                if (o != 0) {
                    double tmp = next * (depth + 1) / ((i + 1) * o);
                    total += tmp;
                    next = weight[i] - tmp * z * (depth - i) / (depth + 1);
                } else {
                    total += weight[i] * (depth + 1) / (z * (depth - i));
                }
            }
            return total;
        }
    }

    private static void recurse(TreeEnsemble.Tree t, double[] x, double[] phi, int node, Path parent, int depth,
                                double zeroFraction, double oneFraction, int featureIndex) {
        Path path = parent.copy(depth);
        path.extend(depth, zeroFraction, oneFraction, featureIndex);
        int split = t.feature()[node];
        if (split < 0) {
            for (int i = 1; i <= depth; i++) {
                double w = path.unwoundSum(depth, i);
                phi[path.feature[i]] += w * (path.one[i] - path.zero[i]) * t.value()[node];
            }
            return;
        }
        boolean left = t.goesLeft(node, x);
        int hot = left ? t.left()[node] : t.right()[node];
        int cold = left ? t.right()[node] : t.left()[node];
        double cover = t.cover()[node];
        double hotZero = t.cover()[hot] / cover;
        double coldZero = t.cover()[cold] / cover;
        double incomingZero = 1.0;
        double incomingOne = 1.0;
        int k = 0;
        while (k <= depth && path.feature[k] != split) {
            k++;
        }
        if (k <= depth) {
            incomingZero = path.zero[k];
            incomingOne = path.one[k];
            path.unwind(depth, k);
            depth--;
        }
        recurse(t, x, phi, hot, path, depth + 1, hotZero * incomingZero, incomingOne, split);
        recurse(t, x, phi, cold, path, depth + 1, coldZero * incomingZero, 0.0, split);
    }

    private static int depth(TreeEnsemble.Tree t, int node) {
        return t.feature()[node] < 0 ? 0 : 1 + Math.max(depth(t, t.left()[node]), depth(t, t.right()[node]));
    }
}
