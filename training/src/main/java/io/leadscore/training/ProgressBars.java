package io.leadscore.training;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars of long commands: drawn on a terminal, silent otherwise (pipes, logs, tests). */
public final class ProgressBars {
    private ProgressBars() {
    }

    /**
     * A bar for a task of {@code max} steps (-1 when not known).
     *
     * @param unit the name of a step shown with the rate, e.g. "leads", or null for none
     */
    public static ProgressBar start(String task, long max, String unit) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII);
        if (unit != null) {
            b.setUnit(" " + unit, 1).showSpeed();
        }
        if (System.console() == null) {
            b.setConsumer(new DelegatingProgressBarConsumer(s -> { }));
        }
        return b.build();
    }
}
