package app.citas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.citas.dev.Reply;
import app.citas.stack.StackExtension;
import app.citas.stack.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The API docs page (Swagger UI at /citas/docs/) in a real headless Chromium, under the page's own CSP. */
@ExtendWith(StackExtension.class)
class DocsPageIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @Test
    void swaggerUiListsEveryOperationAndTriesOneOut(TestStack stack) throws Exception {
        assumeTrue(chromiumInstalled(), "SKIPPED: Debian's chromium and chromium-driver are not installed and cannot be "
                + "installed here (needs root and apt-get): apt-get install -y chromium chromium-driver");
        Reply document = stack.api().get("/openapi.json");
        int operations = 0;
        for (JsonNode path : document.json().get("paths")) {
            operations += path.size();
        }
        String page = stack.baseUrl().replace("/api/v1", "/docs/");
        Reply html = new app.citas.dev.Api(page).get("");
        assertEquals(200, html.status());
        String policy = html.header("Content-Security-Policy");
        assertTrue(policy.contains("script-src 'self';") && policy.contains("default-src 'self'"), policy);

        ChromeDriver browser = browser();
        try {
            browser.get(page);
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            wait.until(d -> !d.findElements(By.cssSelector(".opblock")).isEmpty());
            assertEquals(operations, browser.findElements(By.cssSelector(".opblock")).size());

            WebElement services = browser.findElement(By.xpath(
                    "//div[contains(@class,'opblock-get')][.//*[@data-path='/services']]"));
            services.findElement(By.cssSelector(".opblock-summary-control")).click();
            wait.until(d -> !services.findElements(By.cssSelector(".try-out__btn")).isEmpty());
            services.findElement(By.cssSelector(".try-out__btn")).click();
            wait.until(d -> !services.findElements(By.cssSelector(".execute")).isEmpty());
            services.findElement(By.cssSelector(".execute")).click();
            wait.until(d -> !services.findElements(By.cssSelector(".live-responses-table tbody td.response-col_status")).isEmpty());
            Path screenshot = Path.of(System.getProperty("citas.buildDir", "target"), "swagger-ui.png");
            Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));
            assertEquals("200", services.findElement(By.cssSelector(".live-responses-table tbody td.response-col_status"))
                    .getText().trim());

            List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                    .map(LogEntry::getMessage).toList();
            assertEquals(List.of(), errors, "console errors");
        } finally {
            browser.quit();
        }
    }

    @Test
    void signingInThroughTryItOutSendsTheBearerTokenAfterwards(TestStack stack) throws Exception {
        assumeTrue(chromiumInstalled(), "SKIPPED: Debian's chromium and chromium-driver are not installed and cannot be "
                + "installed here (needs root and apt-get): apt-get install -y chromium chromium-driver");
        String username = app.citas.testing.Fixtures.unique("docs");
        stack.api().newCustomer(username);
        String page = stack.baseUrl().replace("/api/v1", "/docs/");

        ChromeDriver browser = browser();
        try {
            browser.get(page);
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            wait.until(d -> !d.findElements(By.cssSelector(".opblock")).isEmpty());

            WebElement signIn = tryOut(browser, wait, "post", "/auth/token");
            WebElement body = signIn.findElement(By.cssSelector("textarea.body-param__text"));
            body.clear();
            body.sendKeys("{\"username\":\"" + username + "\",\"password\":\"password-of-" + username + "\"}");
            assertEquals("200", execute(signIn, wait));

            // The page is now authorized with the token the sign-in returned: GET /me sends it.
            WebElement me = tryOut(browser, wait, "get", "/me");
            assertEquals("200", execute(me, wait));
            String answer = me.findElement(By.cssSelector(".live-responses-table .response-col_description pre")).getText();
            assertTrue(answer.contains(username), answer);
        } finally {
            browser.quit();
        }
    }

    private static WebElement tryOut(ChromeDriver browser, WebDriverWait wait, String method, String path) {
        WebElement operation = browser.findElement(By.xpath(
                "//div[contains(@class,'opblock-" + method + "')][.//*[@data-path='" + path + "']]"));
        operation.findElement(By.cssSelector(".opblock-summary-control")).click();
        wait.until(d -> !operation.findElements(By.cssSelector(".try-out__btn")).isEmpty());
        operation.findElement(By.cssSelector(".try-out__btn")).click();
        wait.until(d -> !operation.findElements(By.cssSelector(".execute")).isEmpty());
        return operation;
    }

    /** Executes the tried-out operation and returns the status of its live response. */
    private static String execute(WebElement operation, WebDriverWait wait) {
        operation.findElement(By.cssSelector(".execute")).click();
        By status = By.cssSelector(".live-responses-table tbody td.response-col_status");
        wait.until(d -> !operation.findElements(status).isEmpty());
        return operation.findElement(status).getText().trim();
    }

    private static ChromeDriver browser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1600", "--user-data-dir=" + Files.createTempDirectory("citas-chromium"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Installs Debian's chromium once where it can (root with apt-get); idempotent. */
    private static boolean chromiumInstalled() throws Exception {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return true;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return false;
        }
        Process install = new ProcessBuilder("sh", "-c", "apt-get update -q && apt-get install -y -q chromium chromium-driver")
                .inheritIO().start();
        return install.waitFor() == 0 && Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }
}
