"""Accessibility and phone checks for the browser tests.

- :func:`run_axe` injects axe-core (installed from the npm registry by the
  ``axe_core`` fixture: ``package.json`` pins it, ``npm ci`` installs it) and
  returns the serious and critical violations of the page; every page checked
  is kept in :data:`AXE_RESULTS` and listed at the end of the run.
- :func:`small_tap_targets` lists controls smaller than 44 × 44 px.
- :func:`horizontal_overflow` is how many pixels a page is wider than the viewport.
"""

import fcntl
import functools
import shutil
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LOCK = ROOT / "test-artifacts" / "npm-ci.lock"
BLOCKING_IMPACTS = ("serious", "critical")
MIN_TARGET = 44  # px, WCAG 2.5.5 (AAA): what a thumb hits without a second try


@dataclass
class AxeResult:
    """One page checked by axe-core."""

    label: str
    language: str
    url: str
    passes: int
    blocking: list[str] = field(default_factory=list)  # "rule-id (impact): n nodes"
    other: list[str] = field(default_factory=list)  # minor and moderate, reported only


AXE_RESULTS: list[AxeResult] = []


def install_axe() -> Path:
    """``npm ci`` at the repository root when axe-core is not installed yet; returns the script's path.

    A file lock keeps parallel test workers (pytest-xdist) from installing at the same time.
    """
    if AXE_JS.exists():
        return AXE_JS
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("axe-core is missing and npm is not installed (apt-get install -y npm)")
    LOCK.parent.mkdir(parents=True, exist_ok=True)
    with LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not AXE_JS.exists():
            subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)  # noqa: S603
    return AXE_JS


@functools.cache
def _axe_source() -> str:
    return install_axe().read_text(encoding="utf-8")


def run_axe(page, label: str) -> list[str]:
    """Run axe-core on the page as it is; record it; return its serious and critical violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so the site's Content-Security-Policy
        # (script-src 'self') stays in force for the page itself.
        page.evaluate(_axe_source())
    results = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return {
                passes: r.passes.length,
                violations: r.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5),
                    count: v.nodes.length,
                })),
            };
        }"""
    )
    blocking, other = [], []
    for v in results["violations"]:
        line = f"{v['id']} ({v['impact']}): {v['help']} — {v['count']} × {', '.join(v['nodes'])}"
        (blocking if v["impact"] in BLOCKING_IMPACTS else other).append(line)
    language = page.evaluate("() => document.documentElement.lang")
    AXE_RESULTS.append(AxeResult(label, language, page.url, results["passes"], blocking, other))
    return blocking


def horizontal_overflow(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


SMALL_TARGETS_JS = """(min) => {
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]';
    const small = [];
    for (const el of document.querySelectorAll(selector)) {
        if (el.closest('[hidden], .visually-hidden, [aria-hidden=true]')) continue;
        const style = getComputedStyle(el);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        // A check box or radio button is hit through its label.
        let target = el;
        if (el.matches('input[type=checkbox], input[type=radio]')) {
            target = el.closest('label') || (el.id && document.querySelector(`label[for="${el.id}"]`)) || el;
        }
        const box = target.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;  // not rendered
        if (box.right <= 0 || box.bottom <= 0) continue;  // off screen until focused (skip link)
        // WCAG's exception: a link inside a sentence is as tall as the text around it.
        if (el.tagName === 'A' && style.display === 'inline') {
            const block = el.parentElement.closest('p, li, dd, td, figcaption, .rich-text');
            if (block && block.textContent.trim().length > el.textContent.trim().length + 10) continue;
        }
        if (box.width < min - 0.5 || box.height < min - 0.5) {
            const name = (el.textContent || el.value || el.getAttribute('aria-label') || el.name || '').trim();
            const size = `${Math.round(box.width)}×${Math.round(box.height)}`;
            small.push(`${el.tagName.toLowerCase()} "${name.slice(0, 40)}" ${size}`);
        }
    }
    return small;
}"""


def small_tap_targets(page) -> list[str]:
    """The visible controls smaller than 44 × 44 px (links inside a sentence excepted)."""
    return page.evaluate(SMALL_TARGETS_JS, MIN_TARGET)


def results_as_data() -> list[dict]:
    return [asdict(result) for result in AXE_RESULTS]


def add_results_from_data(data: list[dict]) -> None:
    AXE_RESULTS.extend(AxeResult(**result) for result in data)


def report_lines(results: list[AxeResult]) -> list[str]:
    """The pages checked by axe-core and what it found, for the end of the run."""
    lines = []
    for r in results:
        verdict = "OK" if not r.blocking else f"{len(r.blocking)} serious/critical"
        lines.append(f"[{r.language}] {r.label}: {verdict} ({r.passes} rules passed) {r.url}")
        lines.extend(f"    ✗ {line}" for line in r.blocking)
        lines.extend(f"    · {line}" for line in r.other)
    return lines
