package org.kakehashi.directory;

import java.util.List;

/** A community center as the API shows it. */
public record Center(long id, String code, String name, String city, String prefecture, String region,
                     String timeZone, Double latitude, Double longitude, List<String> topics,
                     List<String> languages, String contactEmail, List<Integer> closedWeekdays) {
}
