package dev.otter.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

class OtterLocalCommandTest {
    @Test
    void help_listsTheFlagsScriptsDependOn() {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new OtterLocalCommand());
        command.setOut(new PrintWriter(out));

        int exit = command.execute("--help");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("--port", "--host", "--data-dir", "--web-dir", "--no-turn", "--max-frame-bytes",
                        "--max-message-bytes", "--idle-timeout", "--max-connection-age", "--log-level")
                .contains("Default: 8080", "Default: .otter", "Default: 127.0.0.1");
    }

    @Test
    void flags_becomeTheRunnersSettings() {
        OtterLocalCommand command = new OtterLocalCommand();
        new CommandLine(command).parseArgs("--port", "0", "--no-turn", "--idle-timeout", "PT5S", "--data-dir", "/tmp/x");

        LocalSettings settings = command.settings();

        assertThat(settings.port()).isZero();
        assertThat(settings.turn()).isFalse();
        assertThat(settings.limits().idleTimeout()).hasSeconds(5);
        assertThat(settings.limits().maxFrameBytes()).isEqualTo(32 * 1024);
        assertThat(settings.dataDir()).hasToString("/tmp/x");
    }
}
