package app.citas.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.booking.BookingViews.Slot;
import app.citas.booking.SlotFinder.Busy;
import app.citas.booking.SlotFinder.Rules;
import app.citas.booking.SlotFinder.Schedule;
import app.citas.catalog.DayPeriod;
import app.citas.catalog.ServiceRules;
import app.citas.catalog.WorkingPeriod;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SlotFinderTest {
    private static final ZoneId MADRID = ZoneId.of("Europe/Madrid");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId AUCKLAND = ZoneId.of("Pacific/Auckland");

    /** An ordinary Monday in summer: Madrid is UTC+2. */
    private static final LocalDate MONDAY = LocalDate.of(2026, 6, 15);
    /** Clocks jump 02:00 CET -> 03:00 CEST: the day has 23 hours. */
    private static final LocalDate SPRING_FORWARD = LocalDate.of(2026, 3, 29);
    /** Clocks fall back 03:00 CEST -> 02:00 CET: the day has 25 hours. */
    private static final LocalDate FALL_BACK = LocalDate.of(2026, 10, 25);
    /** Long before every date above: nothing is filtered out as past. */
    private static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");

    private static final Duration MIN_15 = Duration.ofMinutes(15);
    private static final Duration MIN_30 = Duration.ofMinutes(30);
    private static final Duration HOUR = Duration.ofHours(1);

    private static WorkingPeriod period(int weekday, String start, String end) {
        return new WorkingPeriod(weekday, LocalTime.parse(start), LocalTime.parse(end));
    }

    private static Schedule schedule(long resourceId, ZoneId zone, List<Busy> busy, WorkingPeriod... hours) {
        return new Schedule(resourceId, zone, List.of(hours), busy);
    }

    private static Schedule schedule(long resourceId, ZoneId zone, WorkingPeriod... hours) {
        return schedule(resourceId, zone, List.of(), hours);
    }

    private static Instant utc(String text) {
        return Instant.parse(text);
    }

    private static List<Instant> starts(List<Slot> slots) {
        return slots.stream().map(Slot::startsAt).toList();
    }

    private static void assertEvery15Minutes(List<Slot> slots) {
        for (int i = 1; i < slots.size(); i++) {
            assertEquals(MIN_15, Duration.between(slots.get(i - 1).startsAt(), slots.get(i).startsAt()),
                    "gap before slot " + i + " " + slots.get(i));
        }
    }

    private static void assertAllHaveDuration(List<Slot> slots, Duration duration) {
        slots.forEach(s -> assertEquals(duration, Duration.between(s.startsAt(), s.endsAt()), s.toString()));
    }

    /**
     * Any working hours on any day around a daylight-saving switch (Madrid's last Sundays of March and October,
     * and zones with other rules), any service length: each slot lasts exactly that long in real time, starts on
     * the 15-minute grid of its period in real time, lies within the working hours, and no instant is offered
     * twice; and each period yields as many slots as its real length holds.
     */
    @Property(tries = 2000)
    void slotsAroundADaylightSavingSwitchAreExactInRealTime(@ForAll("switchDays") LocalDate date,
                                                           @ForAll("zones") ZoneId zone,
                                                           @ForAll("periodsOfTheDay") List<LocalTime> cuts,
                                                           @ForAll @IntRange(min = 1, max = 32) int quarters) {
        int weekday = date.getDayOfWeek().getValue();
        List<WorkingPeriod> hours = new ArrayList<>();
        for (int i = 0; i + 1 < cuts.size(); i += 2) {
            hours.add(new WorkingPeriod(weekday, cuts.get(i), cuts.get(i + 1)));
        }
        Duration duration = MIN_15.multipliedBy(quarters);
        // A period ending in the spring-forward gap ends an hour later in real time and may then overlap the next
        // one; which grid a slot in the overlap follows is not defined, so such days are not judged here.
        net.jqwik.api.Assume.that(disjointInRealTime(hours, date, zone));

        List<Slot> slots = SlotFinder.freeSlots(date, duration, List.of(new Schedule(1, zone, hours, List.of())),
                Instant.EPOCH);

        assertEquals(slots.size(), starts(slots).stream().distinct().count(), "an instant offered twice: " + slots);
        long expected = 0;
        for (WorkingPeriod period : hours) {
            Instant start = ZonedDateTime.of(date, period.start(), zone).toInstant();
            Instant end = ZonedDateTime.of(date, period.end(), zone).toInstant();
            long fitting = Duration.between(start, end).minus(duration).toMinutes();
            expected += fitting < 0 ? 0 : fitting / 15 + 1;
            slots.stream().filter(s -> !s.startsAt().isBefore(start) && s.startsAt().isBefore(end)).forEach(s ->
                    assertEquals(0, Duration.between(start, s.startsAt()).toMinutes() % 15, s + " off the grid of " + period));
        }
        assertEquals(expected, slots.size(), hours + " on " + date + " in " + zone);
        for (Slot slot : slots) {
            assertEquals(duration, Duration.between(slot.startsAt(), slot.endsAt()), slot.toString());
            assertTrue(SlotFinder.withinWorkingHours(hours, zone, slot.startsAt(), slot.endsAt()), slot + " " + hours);
            assertEquals(date, slot.startsAt().atZone(zone).toLocalDate(), slot.toString());
        }
    }

    private static boolean disjointInRealTime(List<WorkingPeriod> hours, LocalDate date, ZoneId zone) {
        for (int i = 1; i < hours.size(); i++) {
            Instant previousEnd = ZonedDateTime.of(date, hours.get(i - 1).end(), zone).toInstant();
            if (previousEnd.isAfter(ZonedDateTime.of(date, hours.get(i).start(), zone).toInstant())) {
                return false;
            }
        }
        return true;
    }

    @Provide
    Arbitrary<LocalDate> switchDays() {
        // The switch day and the days either side of it, for years of past and future rules.
        Arbitrary<LocalDate> madrid = Arbitraries.integers().between(1980, 2060).flatMap(year ->
                Arbitraries.of(lastSunday(year, 3), lastSunday(year, 10)).flatMap(day ->
                        Arbitraries.integers().between(-1, 1).map(day::plusDays)));
        Arbitrary<LocalDate> others = Arbitraries.of(LocalDate.of(2026, 3, 8), LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 4, 5), LocalDate.of(2026, 9, 27), LocalDate.of(2026, 10, 4), LocalDate.of(2026, 4, 5));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, madrid), net.jqwik.api.Tuple.of(1, others));
    }

    private static LocalDate lastSunday(int year, int month) {
        LocalDate last = LocalDate.of(year, month, 1).plusMonths(1).minusDays(1);
        return last.minusDays(last.getDayOfWeek().getValue() % 7);
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        // Lord Howe moves by 30 minutes, off the 15-minute grid's hour; Auckland and New York switch on other days.
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, Arbitraries.just(MADRID)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(NEW_YORK, AUCKLAND, ZoneId.of("Australia/Lord_Howe"))));
    }

    /** 1 to 3 periods that do not overlap: sorted distinct times of day, taken in pairs, biased to the night. */
    @Provide
    Arbitrary<List<LocalTime>> periodsOfTheDay() {
        Arbitrary<Integer> minute = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 6 * 12).map(m -> m * 5)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 287).map(m -> m * 5)));
        return Arbitraries.integers().between(1, 3).flatMap(periods -> minute.set().ofSize(periods * 2)
                .map(set -> set.stream().sorted().map(m -> LocalTime.MIN.plusMinutes(m)).toList()));
    }

    @Nested
    class FreeSlots {
        @Test
        void slotsStartEvery15MinutesFromThePeriodStartAndFitInsideIt() {
            List<Slot> slots = SlotFinder.freeSlots(MONDAY, HOUR,
                    List.of(schedule(7, MADRID, period(1, "09:00", "13:00"))), LONG_AGO);

            // 09:00-13:00 CEST is 07:00Z-11:00Z; the last one-hour slot starts at 12:00 local.
            assertEquals(13, slots.size());
            assertEquals(new Slot(7, utc("2026-06-15T07:00:00Z"), utc("2026-06-15T08:00:00Z")), slots.get(0));
            assertEquals(new Slot(7, utc("2026-06-15T10:00:00Z"), utc("2026-06-15T11:00:00Z")), slots.get(12));
            assertEvery15Minutes(slots);
            assertAllHaveDuration(slots, HOUR);
        }

        @Test
        void stepsFromAPeriodStartThatIsNotOnAQuarterHour() {
            List<Slot> slots = SlotFinder.freeSlots(MONDAY, MIN_15,
                    List.of(schedule(1, MADRID, period(1, "09:10", "10:00"))), LONG_AGO);

            assertEquals(List.of(utc("2026-06-15T07:10:00Z"), utc("2026-06-15T07:25:00Z"), utc("2026-06-15T07:40:00Z")),
                    starts(slots));
        }

        @Test
        void aSlotExactlyAsLongAsThePeriodFitsAndALongerOneDoesNot() {
            List<Schedule> schedules = List.of(schedule(1, MADRID, period(1, "09:00", "13:00")));

            List<Slot> exact = SlotFinder.freeSlots(MONDAY, Duration.ofHours(4), schedules, LONG_AGO);
            assertEquals(List.of(new Slot(1, utc("2026-06-15T07:00:00Z"), utc("2026-06-15T11:00:00Z"))), exact);

            assertTrue(SlotFinder.freeSlots(MONDAY, Duration.ofMinutes(4 * 60 + 15), schedules, LONG_AGO).isEmpty());
        }

        @Test
        void aSlotNeverSpansTwoPeriodsOfTheSameDay() {
            List<Slot> slots = SlotFinder.freeSlots(MONDAY, HOUR, List.of(schedule(1, MADRID,
                    period(1, "09:00", "10:30"), period(1, "10:30", "12:00"))), LONG_AGO);

            // 09:00, 09:15, 09:30 in the first period; 10:30, 10:45, 11:00 in the second; never 09:45 or 10:00.
            assertEquals(List.of(utc("2026-06-15T07:00:00Z"), utc("2026-06-15T07:15:00Z"), utc("2026-06-15T07:30:00Z"),
                    utc("2026-06-15T08:30:00Z"), utc("2026-06-15T08:45:00Z"), utc("2026-06-15T09:00:00Z")),
                    starts(slots));
        }

        @Test
        void onlyPeriodsOfTheRequestedWeekdayCount() {
            List<Schedule> schedules = List.of(schedule(1, MADRID,
                    period(2, "09:00", "13:00"), period(7, "09:00", "13:00")));

            assertTrue(SlotFinder.freeSlots(MONDAY, MIN_30, schedules, LONG_AGO).isEmpty());
            assertEquals(15, SlotFinder.freeSlots(MONDAY.plusDays(1), MIN_30, schedules, LONG_AGO).size());
        }

        @Test
        void noWorkingHoursMeansNoSlots() {
            assertTrue(SlotFinder.freeSlots(MONDAY, MIN_30, List.of(schedule(1, MADRID)), LONG_AGO).isEmpty());
            assertTrue(SlotFinder.freeSlots(MONDAY, MIN_30, List.of(), LONG_AGO).isEmpty());
        }

        @Test
        void slotsOverlappingABusyIntervalAreLeftOutButTouchingOnesStay() {
            // Busy 10:00-10:30 local (08:00Z-08:30Z).
            Busy busy = new Busy(utc("2026-06-15T08:00:00Z"), utc("2026-06-15T08:30:00Z"));
            List<Slot> slots = SlotFinder.freeSlots(MONDAY, MIN_30,
                    List.of(schedule(1, MADRID, List.of(busy), period(1, "09:00", "11:00"))), LONG_AGO);

            // 09:00..10:30 local starts; 09:45, 10:00 and 10:15 overlap the busy half hour.
            assertEquals(List.of(utc("2026-06-15T07:00:00Z"), utc("2026-06-15T07:15:00Z"), utc("2026-06-15T07:30:00Z"),
                    utc("2026-06-15T08:30:00Z")), starts(slots));
            assertTrue(slots.stream().noneMatch(s -> busy.overlaps(s.startsAt(), s.endsAt())));
        }

        @Test
        void aBusyIntervalCoveringTheWholePeriodLeavesNothing() {
            Busy allDay = new Busy(utc("2026-06-14T22:00:00Z"), utc("2026-06-15T22:00:00Z"));
            assertTrue(SlotFinder.freeSlots(MONDAY, MIN_15,
                    List.of(schedule(1, MADRID, List.of(allDay), period(1, "09:00", "13:00"))), LONG_AGO).isEmpty());
        }

        @Test
        void busyIntervalsOfOneResourceDoNotBlockAnother() {
            Busy busy = new Busy(utc("2026-06-15T07:00:00Z"), utc("2026-06-15T08:00:00Z"));
            List<Slot> slots = SlotFinder.freeSlots(MONDAY, HOUR, List.of(
                    schedule(1, MADRID, List.of(busy), period(1, "09:00", "10:00")),
                    schedule(2, MADRID, period(1, "09:00", "10:00"))), LONG_AGO);

            assertEquals(List.of(new Slot(2, utc("2026-06-15T07:00:00Z"), utc("2026-06-15T08:00:00Z"))), slots);
        }

        @Test
        void onlySlotsStrictlyAfterNowAreOffered() {
            List<Schedule> schedules = List.of(schedule(1, MADRID, period(1, "09:00", "10:00")));

            // now is exactly the 09:15 slot start: that slot is already past.
            assertEquals(List.of(utc("2026-06-15T07:30:00Z"), utc("2026-06-15T07:45:00Z")),
                    starts(SlotFinder.freeSlots(MONDAY, MIN_15, schedules, utc("2026-06-15T07:15:00Z"))));
            assertEquals(List.of(utc("2026-06-15T07:30:00Z"), utc("2026-06-15T07:45:00Z")),
                    starts(SlotFinder.freeSlots(MONDAY, MIN_15, schedules, utc("2026-06-15T07:15:00.001Z"))));
            assertTrue(SlotFinder.freeSlots(MONDAY, MIN_15, schedules, utc("2026-06-15T07:45:00Z")).isEmpty());
        }

        @Test
        void severalResourcesAreMergedSortedByStartThenResourceId() {
            List<Slot> slots = SlotFinder.freeSlots(MONDAY, MIN_30, List.of(
                    schedule(9, MADRID, period(1, "09:00", "10:00")),
                    schedule(3, MADRID, period(1, "09:15", "10:00")),
                    schedule(5, MADRID, period(1, "09:00", "09:30"))), LONG_AGO);

            assertEquals(List.of(
                    new Slot(5, utc("2026-06-15T07:00:00Z"), utc("2026-06-15T07:30:00Z")),
                    new Slot(9, utc("2026-06-15T07:00:00Z"), utc("2026-06-15T07:30:00Z")),
                    new Slot(3, utc("2026-06-15T07:15:00Z"), utc("2026-06-15T07:45:00Z")),
                    new Slot(9, utc("2026-06-15T07:15:00Z"), utc("2026-06-15T07:45:00Z")),
                    new Slot(3, utc("2026-06-15T07:30:00Z"), utc("2026-06-15T08:00:00Z")),
                    new Slot(9, utc("2026-06-15T07:30:00Z"), utc("2026-06-15T08:00:00Z"))), slots);
        }

        @Test
        void periodsListedOutOfOrderStillGiveSortedSlots() {
            List<Slot> slots = SlotFinder.freeSlots(MONDAY, HOUR, List.of(schedule(1, MADRID,
                    period(1, "16:00", "17:00"), period(1, "09:00", "10:00"))), LONG_AGO);

            assertEquals(List.of(utc("2026-06-15T07:00:00Z"), utc("2026-06-15T14:00:00Z")), starts(slots));
        }
    }

    @Nested
    class DaylightSavingTime {
        @Test
        void springForwardPeriodSpanningTheSwitchIsOneHourShorter() {
            // 00:00 CET (UTC+1) to 06:00 CEST (UTC+2): 5 real hours, not 6.
            List<Slot> slots = SlotFinder.freeSlots(SPRING_FORWARD, MIN_30,
                    List.of(schedule(1, MADRID, period(7, "00:00", "06:00"))), LONG_AGO);

            assertEquals(19, slots.size());
            assertEquals(new Slot(1, utc("2026-03-28T23:00:00Z"), utc("2026-03-28T23:30:00Z")), slots.get(0));
            assertEquals(new Slot(1, utc("2026-03-29T03:30:00Z"), utc("2026-03-29T04:00:00Z")), slots.get(18));
            assertEvery15Minutes(slots);
            assertAllHaveDuration(slots, MIN_30);
            // 01:45 CET is followed by 03:00 CEST: no slot starts at a local time that does not exist.
            assertTrue(starts(slots).contains(utc("2026-03-29T00:45:00Z")));
            assertTrue(starts(slots).contains(utc("2026-03-29T01:00:00Z")));
            assertEquals(LocalTime.of(1, 45), utc("2026-03-29T00:45:00Z").atZone(MADRID).toLocalTime());
            assertEquals(LocalTime.of(3, 0), utc("2026-03-29T01:00:00Z").atZone(MADRID).toLocalTime());
            slots.forEach(s -> {
                LocalTime local = s.startsAt().atZone(MADRID).toLocalTime();
                assertFalse(local.getHour() == 2, "slot at non-existent local time " + local);
            });
        }

        @Test
        void springForwardOrdinaryPeriodUsesSummerOffset() {
            List<Slot> slots = SlotFinder.freeSlots(SPRING_FORWARD, MIN_30,
                    List.of(schedule(1, MADRID, period(6, "09:00", "13:00"), period(7, "09:00", "13:00"))), LONG_AGO);

            // 09:00-13:00 CEST = 07:00Z-11:00Z.
            assertEquals(15, slots.size());
            assertEquals(utc("2026-03-29T07:00:00Z"), slots.get(0).startsAt());
            assertEquals(new Slot(1, utc("2026-03-29T10:30:00Z"), utc("2026-03-29T11:00:00Z")), slots.get(14));

            // The Saturday before is still on winter time: 09:00 CET = 08:00Z.
            List<Slot> saturday = SlotFinder.freeSlots(SPRING_FORWARD.minusDays(1), MIN_30,
                    List.of(schedule(1, MADRID, period(6, "09:00", "13:00"))), LONG_AGO);
            assertEquals(15, saturday.size());
            assertEquals(utc("2026-03-28T08:00:00Z"), saturday.get(0).startsAt());
            assertEquals(utc("2026-03-28T11:30:00Z"), saturday.get(14).startsAt());
        }

        @Test
        void springForwardPeriodStartingInsideTheGapStartsAfterTheJump() {
            // 02:30 does not exist on that day; java.time moves it forward by the gap to 03:30 CEST.
            List<Slot> slots = SlotFinder.freeSlots(SPRING_FORWARD, MIN_30,
                    List.of(schedule(1, MADRID, period(7, "02:30", "05:00"))), LONG_AGO);

            assertEquals(utc("2026-03-29T01:30:00Z"), slots.get(0).startsAt());
            assertEquals(utc("2026-03-29T02:30:00Z"), slots.get(slots.size() - 1).startsAt());
            assertEquals(5, slots.size());
        }

        @Test
        void fallBackPeriodSpanningTheSwitchIsOneHourLongerAndRepeatsLocalTimes() {
            // 00:00 CEST (UTC+2) to 06:00 CET (UTC+1): 7 real hours, not 6.
            List<Slot> slots = SlotFinder.freeSlots(FALL_BACK, MIN_30,
                    List.of(schedule(1, MADRID, period(7, "00:00", "06:00"))), LONG_AGO);

            assertEquals(27, slots.size());
            assertEquals(new Slot(1, utc("2026-10-24T22:00:00Z"), utc("2026-10-24T22:30:00Z")), slots.get(0));
            assertEquals(new Slot(1, utc("2026-10-25T04:30:00Z"), utc("2026-10-25T05:00:00Z")), slots.get(26));
            assertEvery15Minutes(slots);
            assertAllHaveDuration(slots, MIN_30);
            // Local 02:30 happens twice, once in each offset, and both are offered.
            assertTrue(starts(slots).contains(utc("2026-10-25T00:30:00Z")));
            assertTrue(starts(slots).contains(utc("2026-10-25T01:30:00Z")));
            assertEquals(LocalTime.of(2, 30), utc("2026-10-25T00:30:00Z").atZone(MADRID).toLocalTime());
            assertEquals(LocalTime.of(2, 30), utc("2026-10-25T01:30:00Z").atZone(MADRID).toLocalTime());
            assertEquals(slots.size(), slots.stream().map(Slot::startsAt).distinct().count());
        }

        @Test
        void fallBackOrdinaryPeriodUsesWinterOffset() {
            List<Slot> slots = SlotFinder.freeSlots(FALL_BACK, MIN_30,
                    List.of(schedule(1, MADRID, period(7, "09:00", "13:00"))), LONG_AGO);

            // 09:00-13:00 CET = 08:00Z-12:00Z.
            assertEquals(15, slots.size());
            assertEquals(new Slot(1, utc("2026-10-25T08:00:00Z"), utc("2026-10-25T08:30:00Z")), slots.get(0));
            assertEquals(new Slot(1, utc("2026-10-25T11:30:00Z"), utc("2026-10-25T12:00:00Z")), slots.get(14));
        }

        @Test
        void fallBackBusyIntervalInTheRepeatedHourBlocksOnlyThatOccurrence() {
            // Busy during the first 02:00-03:00 (CEST, 00:00Z-01:00Z); the second 02:00-03:00 (CET) stays free.
            Busy firstTwoAm = new Busy(utc("2026-10-25T00:00:00Z"), utc("2026-10-25T01:00:00Z"));
            List<Slot> slots = SlotFinder.freeSlots(FALL_BACK, HOUR,
                    List.of(schedule(1, MADRID, List.of(firstTwoAm), period(7, "01:00", "04:00"))), LONG_AGO);

            // 01:00 CEST (23:00Z) to 04:00 CET (03:00Z) is 4 hours: one-hour starts 23:00Z..02:00Z, minus overlaps.
            assertEquals(List.of(utc("2026-10-24T23:00:00Z"), utc("2026-10-25T01:00:00Z"), utc("2026-10-25T01:15:00Z"),
                    utc("2026-10-25T01:30:00Z"), utc("2026-10-25T01:45:00Z"), utc("2026-10-25T02:00:00Z")),
                    starts(slots));
        }

        @Test
        void withinWorkingHoursOnTheSwitchDays() {
            List<WorkingPeriod> night = List.of(period(7, "00:00", "06:00"));

            // 03:00-03:30 CEST, right after the jump.
            assertTrue(SlotFinder.withinWorkingHours(night, MADRID,
                    utc("2026-03-29T01:00:00Z"), utc("2026-03-29T01:30:00Z")));
            // Last half hour of the shortened night, and one that would end after 06:00 CEST.
            assertTrue(SlotFinder.withinWorkingHours(night, MADRID,
                    utc("2026-03-29T03:30:00Z"), utc("2026-03-29T04:00:00Z")));
            assertFalse(SlotFinder.withinWorkingHours(night, MADRID,
                    utc("2026-03-29T03:45:00Z"), utc("2026-03-29T04:15:00Z")));

            // The second 02:30 (CET) on the fall-back night, and the last half hour before 06:00 CET.
            assertTrue(SlotFinder.withinWorkingHours(night, MADRID,
                    utc("2026-10-25T01:30:00Z"), utc("2026-10-25T02:00:00Z")));
            assertTrue(SlotFinder.withinWorkingHours(night, MADRID,
                    utc("2026-10-25T04:30:00Z"), utc("2026-10-25T05:00:00Z")));
            assertFalse(SlotFinder.withinWorkingHours(night, MADRID,
                    utc("2026-10-25T04:45:00Z"), utc("2026-10-25T05:15:00Z")));
        }

        @Test
        void everyOfferedSlotIsWithinWorkingHours() {
            List<WorkingPeriod> hours = List.of(period(7, "00:00", "06:00"), period(7, "09:00", "13:00"),
                    period(7, "14:00", "18:00"));
            for (LocalDate date : List.of(SPRING_FORWARD, FALL_BACK)) {
                List<Slot> slots = SlotFinder.freeSlots(date, Duration.ofMinutes(45),
                        List.of(new Schedule(1, MADRID, hours, List.of())), LONG_AGO);
                assertFalse(slots.isEmpty());
                slots.forEach(s -> assertTrue(SlotFinder.withinWorkingHours(hours, MADRID, s.startsAt(), s.endsAt()),
                        s.toString()));
            }
        }
    }

    @Nested
    class OtherZones {
        @Test
        void aucklandLocalHoursFallOnThePreviousUtcDay() {
            // Monday 12 January 2026 in Auckland is summer time, UTC+13: 09:00-17:00 is 20:00Z Sunday to 04:00Z Monday.
            List<Slot> slots = SlotFinder.freeSlots(LocalDate.of(2026, 1, 12), HOUR,
                    List.of(schedule(4, AUCKLAND, period(1, "09:00", "17:00"))), LONG_AGO);

            assertEquals(29, slots.size());
            assertEquals(new Slot(4, utc("2026-01-11T20:00:00Z"), utc("2026-01-11T21:00:00Z")), slots.get(0));
            assertEquals(new Slot(4, utc("2026-01-12T03:00:00Z"), utc("2026-01-12T04:00:00Z")), slots.get(28));
        }

        @Test
        void aucklandFallBackDay() {
            // Sunday 5 April 2026: 03:00 NZDT (UTC+13) -> 02:00 NZST (UTC+12). 00:00-06:00 is 7 real hours.
            List<Slot> slots = SlotFinder.freeSlots(LocalDate.of(2026, 4, 5), HOUR,
                    List.of(schedule(4, AUCKLAND, period(7, "00:00", "06:00"))), LONG_AGO);

            assertEquals(25, slots.size());
            assertEquals(utc("2026-04-04T11:00:00Z"), slots.get(0).startsAt());
            assertEquals(new Slot(4, utc("2026-04-04T17:00:00Z"), utc("2026-04-04T18:00:00Z")), slots.get(24));
        }

        @Test
        void resourcesInDifferentZonesUseTheirOwnLocalHours() {
            // Same date and the same 09:00-10:00 local hours: Madrid is UTC+2, New York UTC-4 in June.
            List<Slot> slots = SlotFinder.freeSlots(MONDAY, MIN_30, List.of(
                    schedule(1, NEW_YORK, period(1, "09:00", "10:00")),
                    schedule(2, MADRID, period(1, "09:00", "10:00"))), LONG_AGO);

            assertEquals(List.of(
                    new Slot(2, utc("2026-06-15T07:00:00Z"), utc("2026-06-15T07:30:00Z")),
                    new Slot(2, utc("2026-06-15T07:15:00Z"), utc("2026-06-15T07:45:00Z")),
                    new Slot(2, utc("2026-06-15T07:30:00Z"), utc("2026-06-15T08:00:00Z")),
                    new Slot(1, utc("2026-06-15T13:00:00Z"), utc("2026-06-15T13:30:00Z")),
                    new Slot(1, utc("2026-06-15T13:15:00Z"), utc("2026-06-15T13:45:00Z")),
                    new Slot(1, utc("2026-06-15T13:30:00Z"), utc("2026-06-15T14:00:00Z"))), slots);
        }

        @Test
        void newYorkSpringForwardDay() {
            // Sunday 8 March 2026: 02:00 EST -> 03:00 EDT. 08:00-12:00 is EDT (UTC-4).
            List<Slot> slots = SlotFinder.freeSlots(LocalDate.of(2026, 3, 8), HOUR,
                    List.of(schedule(1, NEW_YORK, period(7, "00:00", "04:00"), period(7, "08:00", "12:00"))), LONG_AGO);

            // 00:00 EST = 05:00Z to 04:00 EDT = 08:00Z: 3 real hours, 9 one-hour starts; then 12:00Z..15:00Z: 13.
            assertEquals(22, slots.size());
            assertEquals(utc("2026-03-08T05:00:00Z"), slots.get(0).startsAt());
            assertEquals(utc("2026-03-08T07:00:00Z"), slots.get(8).startsAt());
            assertEquals(utc("2026-03-08T12:00:00Z"), slots.get(9).startsAt());
            assertEquals(utc("2026-03-08T15:00:00Z"), slots.get(21).startsAt());
        }
    }

    @Nested
    class WithinWorkingHours {
        private final List<WorkingPeriod> hours = List.of(period(1, "09:00", "13:00"), period(1, "13:00", "17:00"));

        @Test
        void insideAndOnTheBoundsOfOnePeriod() {
            assertTrue(SlotFinder.withinWorkingHours(hours, MADRID,
                    utc("2026-06-15T07:00:00Z"), utc("2026-06-15T11:00:00Z")));
            assertTrue(SlotFinder.withinWorkingHours(hours, MADRID,
                    utc("2026-06-15T08:10:00Z"), utc("2026-06-15T08:40:00Z")));
            assertTrue(SlotFinder.withinWorkingHours(hours, MADRID,
                    utc("2026-06-15T14:30:00Z"), utc("2026-06-15T15:00:00Z")));
        }

        @Test
        void startingBeforeOrEndingAfterThePeriod() {
            assertFalse(SlotFinder.withinWorkingHours(hours, MADRID,
                    utc("2026-06-15T06:45:00Z"), utc("2026-06-15T07:15:00Z")));
            assertFalse(SlotFinder.withinWorkingHours(hours, MADRID,
                    utc("2026-06-15T14:45:00Z"), utc("2026-06-15T15:15:00Z")));
        }

        @Test
        void spanningTwoAdjacentPeriodsIsNotInsideOne() {
            assertFalse(SlotFinder.withinWorkingHours(hours, MADRID,
                    utc("2026-06-15T10:30:00Z"), utc("2026-06-15T11:30:00Z")));
        }

        @Test
        void anotherWeekdayIsOutside() {
            assertFalse(SlotFinder.withinWorkingHours(hours, MADRID,
                    utc("2026-06-16T07:00:00Z"), utc("2026-06-16T07:30:00Z")));
        }

        @Test
        void theWeekdayIsTheLocalOneNotUtc() {
            // 21:00Z on Sunday 11 January is 10:00 on Monday 12 January in Auckland.
            Instant start = utc("2026-01-11T21:00:00Z");
            Instant end = start.plus(HOUR);
            assertTrue(SlotFinder.withinWorkingHours(List.of(period(1, "09:00", "17:00")), AUCKLAND, start, end));
            assertFalse(SlotFinder.withinWorkingHours(List.of(period(7, "09:00", "17:00")), AUCKLAND, start, end));
            // The same instants are Sunday afternoon in New York.
            assertTrue(SlotFinder.withinWorkingHours(List.of(period(7, "16:00", "17:00")), NEW_YORK, start, end));
        }

        @Test
        void noHoursMeansNeverWithin() {
            assertFalse(SlotFinder.withinWorkingHours(List.of(), MADRID,
                    utc("2026-06-15T07:00:00Z"), utc("2026-06-15T07:30:00Z")));
        }
    }

    private static Schedule exceptional(long resourceId, ZoneId zone, List<Busy> busy,
                                        java.util.Map<LocalDate, List<DayPeriod>> overrides, List<Busy> timeOff,
                                        WorkingPeriod... hours) {
        return new Schedule(resourceId, zone, List.of(hours), busy, overrides, timeOff);
    }

    private static DayPeriod day(String start, String end) {
        return new DayPeriod(LocalTime.parse(start), LocalTime.parse(end));
    }

    @Nested
    class TimeOff {
        @Test
        void slotsOverlappingTimeOffAreLeftOutButTouchingOnesStay() {
            // Time off 10:00-11:00 local (08:00Z-09:00Z).
            Busy off = new Busy(utc("2026-06-15T08:00:00Z"), utc("2026-06-15T09:00:00Z"));
            List<Slot> slots = SlotFinder.freeSlots(MONDAY, MIN_30, List.of(exceptional(1, MADRID, List.of(),
                    java.util.Map.of(), List.of(off), period(1, "09:00", "12:00"))), LONG_AGO);

            assertEquals(List.of(utc("2026-06-15T07:00:00Z"), utc("2026-06-15T07:15:00Z"), utc("2026-06-15T07:30:00Z"),
                    utc("2026-06-15T09:00:00Z"), utc("2026-06-15T09:15:00Z"), utc("2026-06-15T09:30:00Z")),
                    starts(slots));
        }

        @Test
        void timeOffOverSeveralDaysClosesThemAllAndOverlappingEntriesAddUp() {
            // Two overlapping entries: Monday 00:00 to Wednesday 00:00 and Tuesday 12:00 to Wednesday 12:00, Madrid.
            List<Busy> off = List.of(new Busy(utc("2026-06-14T22:00:00Z"), utc("2026-06-16T22:00:00Z")),
                    new Busy(utc("2026-06-16T10:00:00Z"), utc("2026-06-17T10:00:00Z")));
            Schedule schedule = exceptional(1, MADRID, List.of(), java.util.Map.of(), off,
                    period(1, "09:00", "13:00"), period(2, "09:00", "13:00"), period(3, "09:00", "13:00"),
                    period(4, "09:00", "13:00"));
            List<Slot> slots = SlotFinder.freeSlots(MONDAY, MONDAY.plusDays(3), HOUR, List.of(schedule), LONG_AGO);

            // Wednesday from 12:00 (one slot) and all of Thursday (13 slots).
            assertEquals(14, slots.size(), slots.toString());
            assertEquals(utc("2026-06-17T10:00:00Z"), slots.get(0).startsAt());
            assertTrue(slots.stream().noneMatch(s -> off.stream().anyMatch(o -> o.overlaps(s.startsAt(), s.endsAt()))));
        }

        @Test
        void duringTimeOffIsAnyOverlap() {
            Schedule schedule = exceptional(1, MADRID, List.of(), java.util.Map.of(),
                    List.of(new Busy(utc("2026-06-15T08:00:00Z"), utc("2026-06-15T09:00:00Z"))), period(1, "09:00", "13:00"));
            assertTrue(SlotFinder.duringTimeOff(schedule, utc("2026-06-15T07:45:00Z"), utc("2026-06-15T08:15:00Z")));
            assertTrue(SlotFinder.duringTimeOff(schedule, utc("2026-06-15T08:45:00Z"), utc("2026-06-15T09:15:00Z")));
            assertFalse(SlotFinder.duringTimeOff(schedule, utc("2026-06-15T07:30:00Z"), utc("2026-06-15T08:00:00Z")));
            assertFalse(SlotFinder.duringTimeOff(schedule, utc("2026-06-15T09:00:00Z"), utc("2026-06-15T09:30:00Z")));
            // Time off is not working hours' business: the slot stays within them.
            assertTrue(SlotFinder.withinWorkingHours(schedule, utc("2026-06-15T08:00:00Z"), utc("2026-06-15T08:30:00Z")));
        }
    }

    @Nested
    class DateOverrides {
        @Test
        void anOverrideReplacesTheWeeklyHoursOfItsDateOnly() {
            Schedule schedule = exceptional(1, MADRID, List.of(), java.util.Map.of(MONDAY, List.of(day("15:00", "16:00"))),
                    List.of(), period(1, "09:00", "13:00"));

            assertEquals(List.of(utc("2026-06-15T13:00:00Z"), utc("2026-06-15T13:15:00Z"), utc("2026-06-15T13:30:00Z")),
                    starts(SlotFinder.freeSlots(MONDAY, MIN_30, List.of(schedule), LONG_AGO)));
            assertEquals(15, SlotFinder.freeSlots(MONDAY.plusWeeks(1), MIN_30, List.of(schedule), LONG_AGO).size(),
                    "the next Monday keeps its weekly hours");
            assertTrue(SlotFinder.withinWorkingHours(schedule, utc("2026-06-15T13:00:00Z"), utc("2026-06-15T13:30:00Z")));
            assertFalse(SlotFinder.withinWorkingHours(schedule, utc("2026-06-15T07:00:00Z"), utc("2026-06-15T07:30:00Z")),
                    "the weekly hours do not apply on an overridden date");
        }

        @Test
        void anEmptyOverrideClosesTheDay() {
            Schedule schedule = exceptional(1, MADRID, List.of(), java.util.Map.of(MONDAY, List.of()), List.of(),
                    period(1, "09:00", "13:00"));
            assertTrue(SlotFinder.freeSlots(MONDAY, MIN_30, List.of(schedule), LONG_AGO).isEmpty());
            assertFalse(SlotFinder.withinWorkingHours(schedule, utc("2026-06-15T07:00:00Z"), utc("2026-06-15T07:30:00Z")));
        }

        @Test
        void anOverrideOpensADayWithoutWeeklyHours() {
            LocalDate sunday = MONDAY.minusDays(1);
            Schedule schedule = exceptional(1, MADRID, List.of(), java.util.Map.of(sunday,
                    List.of(day("10:00", "11:00"), day("12:00", "13:00"))), List.of(), period(1, "09:00", "13:00"));
            assertEquals(6, SlotFinder.freeSlots(sunday, MIN_30, List.of(schedule), LONG_AGO).size());
        }

        @Test
        void anOverrideOnTheSpringForwardDayIsOneHourShorterInRealTime() {
            // 00:00-06:00 local on the day 02:00 becomes 03:00 lasts five real hours: 00:00+01 to 06:00+02.
            Schedule schedule = exceptional(1, MADRID, List.of(),
                    java.util.Map.of(SPRING_FORWARD, List.of(day("00:00", "06:00"))), List.of());
            List<Slot> slots = SlotFinder.freeSlots(SPRING_FORWARD, MIN_30, List.of(schedule), LONG_AGO);

            assertEquals(19, slots.size());
            assertEquals(utc("2026-03-28T23:00:00Z"), slots.get(0).startsAt());
            assertEquals(utc("2026-03-29T03:30:00Z"), slots.get(18).startsAt());
            assertEvery15Minutes(slots);
            assertAllHaveDuration(slots, MIN_30);
            assertTrue(slots.stream().noneMatch(s -> s.startsAt().atZone(MADRID).getHour() == 2));
        }

        @Test
        void anOverrideOnTheFallBackDayIsOneHourLongerAndRepeatsLocalTimes() {
            Schedule schedule = exceptional(1, MADRID, List.of(),
                    java.util.Map.of(FALL_BACK, List.of(day("00:00", "06:00"))), List.of());
            List<Slot> slots = SlotFinder.freeSlots(FALL_BACK, MIN_30, List.of(schedule), LONG_AGO);

            assertEquals(27, slots.size());
            assertEvery15Minutes(slots);
            assertEquals(2, slots.stream().filter(s -> s.startsAt().atZone(MADRID).toLocalTime()
                    .equals(LocalTime.of(2, 30))).count());
        }
    }

    @Nested
    class Ranges {
        @Test
        void aRangeIsEveryDaysSlotsInTheOneDayOrder() {
            Busy busy = new Busy(utc("2026-06-16T08:00:00Z"), utc("2026-06-16T08:30:00Z"));
            List<Schedule> schedules = List.of(
                    exceptional(2, MADRID, List.of(busy), java.util.Map.of(MONDAY.plusDays(2), List.of()), List.of(),
                            period(1, "09:00", "13:00"), period(2, "09:00", "13:00"), period(3, "09:00", "13:00")),
                    schedule(1, NEW_YORK, period(1, "09:00", "10:00"), period(2, "03:00", "05:00")));
            LocalDate last = MONDAY.plusDays(6);

            List<Slot> range = SlotFinder.freeSlots(MONDAY, last, MIN_30, schedules, LONG_AGO);

            List<Slot> dayByDay = new ArrayList<>();
            for (LocalDate date = MONDAY; !date.isAfter(last); date = date.plusDays(1)) {
                dayByDay.addAll(SlotFinder.freeSlots(date, MIN_30, schedules, LONG_AGO));
            }
            dayByDay.sort(java.util.Comparator.comparing(Slot::startsAt).thenComparingLong(Slot::resourceId));
            assertEquals(dayByDay, range);
            // Madrid Monday and Tuesday (one busy half hour), closed Wednesday; New York Monday and Tuesday.
            assertEquals(15 + 12 + 3 + 7, range.size(), range.toString());
        }

        @Test
        void aRangeOfOneDayIsThatDay() {
            List<Schedule> schedules = List.of(schedule(1, MADRID, period(1, "09:00", "13:00")));
            assertEquals(SlotFinder.freeSlots(MONDAY, MIN_30, schedules, LONG_AGO),
                    SlotFinder.freeSlots(MONDAY, MONDAY, MIN_30, schedules, LONG_AGO));
        }

        @Test
        void aRangeAcrossTheSpringForwardSwitchKeepsEachDaysRealLength() {
            List<Schedule> schedules = List.of(schedule(1, MADRID, period(6, "00:00", "06:00"),
                    period(7, "00:00", "06:00"), period(1, "00:00", "06:00")));
            List<Slot> slots = SlotFinder.freeSlots(SPRING_FORWARD.minusDays(1), SPRING_FORWARD.plusDays(1), MIN_30,
                    schedules, LONG_AGO);
            // Six real hours on Saturday and Monday (23 slots each), five on the switch Sunday (19).
            assertEquals(23 + 19 + 23, slots.size());
            assertEquals(slots.size(), starts(slots).stream().distinct().count());
        }
    }

    @Nested
    class BusyOverlaps {
        private final Busy busy = new Busy(utc("2026-06-15T08:00:00Z"), utc("2026-06-15T09:00:00Z"));

        @Test
        void halfOpenIntervals() {
            assertTrue(busy.overlaps(utc("2026-06-15T08:30:00Z"), utc("2026-06-15T09:30:00Z")));
            assertTrue(busy.overlaps(utc("2026-06-15T07:30:00Z"), utc("2026-06-15T08:01:00Z")));
            assertTrue(busy.overlaps(utc("2026-06-15T08:15:00Z"), utc("2026-06-15T08:30:00Z")));
            assertTrue(busy.overlaps(utc("2026-06-15T07:00:00Z"), utc("2026-06-15T10:00:00Z")));
            assertFalse(busy.overlaps(utc("2026-06-15T07:00:00Z"), utc("2026-06-15T08:00:00Z")));
            assertFalse(busy.overlaps(utc("2026-06-15T09:00:00Z"), utc("2026-06-15T10:00:00Z")));
        }
    }

    /** A service's rules on the slots, with a fixed clock: buffers, minimum notice, horizon, grid. */
    @Nested
    class ServiceRulesOnSlots {
        /** Monday 15 June 2026, 09:00-13:00 in Madrid = 07:00-11:00Z. */
        private final WorkingPeriod morning = period(1, "09:00", "13:00");
        /** A week before the Monday: within every horizon here. */
        private static final Instant NEAR = Instant.parse("2026-06-08T00:00:00Z");

        private Rules rules(int before, int after, int noticeMinutes, int advanceDays, int interval) {
            return Rules.of(new ServiceRules(before, after, noticeMinutes, advanceDays, interval, 0));
        }

        @Test
        void theDefaultsAreTheBehaviourBeforeRules() {
            Schedule schedule = schedule(1, MADRID, List.of(new Busy(utc("2026-06-15T08:00:00Z"),
                    utc("2026-06-15T08:30:00Z"))), morning);
            Instant monthBefore = utc("2026-05-15T00:00:00Z");
            assertEquals(SlotFinder.freeSlots(MONDAY, MIN_30, List.of(schedule), monthBefore),
                    SlotFinder.freeSlots(MONDAY, MIN_30, Rules.of(ServiceRules.DEFAULT), List.of(schedule), monthBefore));
            assertEquals(12, SlotFinder.freeSlots(MONDAY, MIN_30, Rules.of(ServiceRules.DEFAULT), List.of(schedule),
                    monthBefore).size());
        }

        @Test
        void theIntervalIsTheGridOfStartsFromThePeriodStart() {
            List<Slot> slots = SlotFinder.freeSlots(MONDAY, MIN_30, rules(0, 0, 0, 730, 60),
                    List.of(schedule(1, MADRID, morning)), NEAR);
            assertEquals(List.of(utc("2026-06-15T07:00:00Z"), utc("2026-06-15T08:00:00Z"), utc("2026-06-15T09:00:00Z"),
                    utc("2026-06-15T10:00:00Z")), starts(slots));
            List<Slot> fine = SlotFinder.freeSlots(MONDAY, MIN_30, rules(0, 0, 0, 730, 5),
                    List.of(schedule(1, MADRID, period(1, "09:10", "10:00"))), NEAR);
            assertEquals(utc("2026-06-15T07:10:00Z"), fine.get(0).startsAt());
            assertEquals(utc("2026-06-15T07:30:00Z"), fine.get(fine.size() - 1).startsAt());
            assertEquals(5, fine.size());
        }

        @Test
        void aSlotWhoseBufferedRangeOverlapsABlockedRangeIsLeftOut() {
            // Another appointment's blocked range, 09:45-10:45 local (07:45-08:45Z).
            Busy blocked = new Busy(utc("2026-06-15T07:45:00Z"), utc("2026-06-15T08:45:00Z"));
            Schedule schedule = schedule(1, MADRID, List.of(blocked), morning);
            // Without buffers: 09:00 and 09:15 (touching) stay, then from 10:45.
            assertEquals(utc("2026-06-15T07:15:00Z"), SlotFinder.freeSlots(MONDAY, MIN_30, rules(0, 0, 0, 365, 15),
                    List.of(schedule), NEAR).get(1).startsAt());
            // 10 minutes before and 20 after: a slot at s blocks [s - 10, s + 50), free only from 10:55, so 11:00 on
            // the grid; the last one (12:30) blocks until 13:20, past closing, which is allowed.
            List<Slot> slots = SlotFinder.freeSlots(MONDAY, MIN_30, rules(10, 20, 0, 365, 15), List.of(schedule),
                    NEAR);
            assertEquals(List.of(utc("2026-06-15T09:00:00Z"), utc("2026-06-15T09:15:00Z"), utc("2026-06-15T09:30:00Z"),
                    utc("2026-06-15T09:45:00Z"), utc("2026-06-15T10:00:00Z"), utc("2026-06-15T10:15:00Z"),
                    utc("2026-06-15T10:30:00Z")), starts(slots));
            assertAllHaveDuration(slots, MIN_30);
            // Blocked ranges that only touch do not overlap: blocked 10:45-11:00 local, 15 minutes after each slot.
            Busy touching = new Busy(utc("2026-06-15T08:45:00Z"), utc("2026-06-15T09:00:00Z"));
            List<Instant> around = starts(SlotFinder.freeSlots(MONDAY, MIN_30, rules(0, 15, 0, 365, 15),
                    List.of(schedule(1, MADRID, List.of(touching), morning)), NEAR));
            assertTrue(around.contains(utc("2026-06-15T08:00:00Z")), "10:00-10:30 + 15 ends at 10:45: touching");
            assertFalse(around.contains(utc("2026-06-15T08:15:00Z")), "10:15-10:45 + 15 reaches 11:00: overlapping");
            assertTrue(around.contains(utc("2026-06-15T09:00:00Z")), "11:00 starts where the blocked range ends");
        }

        @Test
        void noSlotStartsSoonerThanTheNoticeNorLaterThanTheHorizon() {
            Instant now = utc("2026-06-15T07:20:00Z"); // 09:20 in Madrid
            List<Slot> soon = SlotFinder.freeSlots(MONDAY, MIN_30, rules(0, 0, 60, 365, 15),
                    List.of(schedule(1, MADRID, morning)), now);
            assertEquals(utc("2026-06-15T08:30:00Z"), soon.get(0).startsAt(), "10:20 at the earliest: 10:30");
            List<Slot> exact = SlotFinder.freeSlots(MONDAY, MIN_30, rules(0, 0, 70, 365, 15),
                    List.of(schedule(1, MADRID, morning)), now);
            assertEquals(utc("2026-06-15T08:30:00Z"), exact.get(0).startsAt(), "exactly the notice is allowed");
            // Seen from two days before, a one-day horizon ends at 09:20 local on the day before the Monday.
            Instant twoDaysBefore = utc("2026-06-13T07:20:00Z");
            assertEquals(List.of(), SlotFinder.freeSlots(MONDAY, MIN_30, rules(0, 0, 0, 1, 15),
                    List.of(schedule(1, MADRID, morning)), twoDaysBefore));
            Instant dayBefore = utc("2026-06-14T08:00:00Z"); // horizon: Monday 08:00Z = 10:00 local
            List<Slot> horizon = SlotFinder.freeSlots(MONDAY, MIN_30, rules(0, 0, 0, 1, 15),
                    List.of(schedule(1, MADRID, morning)), dayBefore);
            assertEquals(utc("2026-06-15T08:00:00Z"), horizon.get(horizon.size() - 1).startsAt(),
                    "a start exactly at the horizon is allowed, none after it");
        }

        @Test
        void onTheGridMeansInsideAPeriodAtAWholeNumberOfIntervalsFromItsStart() {
            List<WorkingPeriod> hours = List.of(period(1, "09:10", "13:00"));
            Duration twenty = Duration.ofMinutes(20);
            assertTrue(SlotFinder.onGrid(hours, MADRID, utc("2026-06-15T07:50:00Z"), utc("2026-06-15T08:20:00Z"), twenty));
            assertFalse(SlotFinder.onGrid(hours, MADRID, utc("2026-06-15T07:45:00Z"), utc("2026-06-15T08:15:00Z"), twenty));
            assertFalse(SlotFinder.onGrid(hours, MADRID, utc("2026-06-15T10:50:00Z"), utc("2026-06-15T11:20:00Z"), twenty),
                    "on the grid but past closing");
        }
    }
}
