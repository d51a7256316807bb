package app.citas.platform;

/** A part with work of its own (a thread, a schedule): started by the lifecycle once built, stopped on close. */
public interface Managed {
    void start();

    void stop();
}
