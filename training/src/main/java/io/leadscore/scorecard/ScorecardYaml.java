package io.leadscore.scorecard;

import io.leadscore.rules.Bucket;
import io.leadscore.rules.Criterion;
import io.leadscore.rules.RuleSet;

/** Writes a {@link RuleSet} in the rules-file YAML format that {@link io.leadscore.rules.RuleSetParser} reads. */
public final class ScorecardYaml {
    private ScorecardYaml() {
    }

    public static String write(RuleSet rules, String header) {
        StringBuilder sb = new StringBuilder();
        for (String line : header.split("\n")) {
            sb.append("# ").append(line).append('\n');
        }
        sb.append("name: ").append(quote(rules.name())).append('\n');
        sb.append("criteria:\n");
        for (Criterion c : rules.criteria()) {
            sb.append("  - name: ").append(quote(c.name())).append('\n');
            sb.append("    column: ").append(quote(c.column())).append('\n');
            sb.append("    points:\n");
            for (Bucket b : c.buckets()) {
                sb.append("      - { ");
                if (b.in() != null && b.in().size() == 1) {
                    sb.append("is: ").append(quote(b.in().get(0)));
                } else if (b.in() != null) {
                    sb.append("in: [");
                    for (int i = 0; i < b.in().size(); i++) {
                        sb.append(i > 0 ? ", " : "").append(quote(b.in().get(i)));
                    }
                    sb.append(']');
                } else {
                    String sep = "";
                    if (b.atLeast() != null) {
                        sb.append("at_least: ").append(number(b.atLeast()));
                        sep = ", ";
                    }
                    if (b.below() != null) {
                        sb.append(sep).append("below: ").append(number(b.below()));
                    }
                }
                sb.append(", points: ").append(b.points()).append(" }\n");
            }
        }
        sb.append("tiers: { warm: ").append(rules.warmFrom()).append(", hot: ").append(rules.hotFrom()).append(" }\n");
        return sb.toString();
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** A YAML double-quoted scalar. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\x%02x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
