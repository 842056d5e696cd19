package org.secretdesk.cli;

import java.time.Duration;
import org.secretdesk.model.IsoDurations;
import picocli.CommandLine;

/** Command-line durations use the same ISO-8601 forms as the API and the configuration file. */
final class IsoDurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return IsoDurations.parse(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                "'" + value + "' is not an ISO-8601 duration such as PT1H, PT30M or P1D"));
    }
}
