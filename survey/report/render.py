"""Run the report (and comparison) notebooks and turn them into self-contained French pages.

``render_report`` executes each notebook with papermill (parameters injected into its
``parameters`` cell), keeps the executed notebook for diagnosis, converts it with
nbconvert without any code, and wraps it in one page: a table of contents, the house
stylesheet, no script and no external resource.
"""

from __future__ import annotations

import html
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from survey._resources import bundled_path
from survey.errors import SurveyError

NOTEBOOKS = {"rapport": "rapport.ipynb", "synthese": "synthese.ipynb"}
COMPARISON_NOTEBOOK = "comparaison.ipynb"


class ReportError(SurveyError):
    """A notebook cell failed; the message names the notebook, the cell and the error."""


@dataclass(frozen=True)
class Rendered:
    """The files a report run produced."""

    report: Path
    summary: Path
    workbook: Path
    executed: dict[str, Path]


def render_report(
    wave: str | Path | None = None,
    output: str | Path = "reports",
    *,
    progress: bool = True,
    parameters: dict | None = None,
) -> Rendered:
    """Execute the notebooks on a wave; write rapport.html, synthese.html and tableaux.xlsx."""
    output = Path(output).resolve()
    executed_dir = output / "notebooks_executes"
    executed_dir.mkdir(parents=True, exist_ok=True)
    params = {"wave": wave_parameter(wave, ""), "output": str(output)}
    params.update(parameters or {})
    executed = {name: executed_dir / filename for name, filename in NOTEBOOKS.items()}
    sources = {name: bundled_path("notebooks") / filename for name, filename in NOTEBOOKS.items()}
    # Imported here, not by two threads at once (jupyter_client's modules import each other).
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401

    # The notebooks are independent: each runs in its own kernel (a process of its own,
    # on its own core); a thread per notebook sends the cells and waits for the outputs.
    with ThreadPoolExecutor(max_workers=len(NOTEBOOKS), thread_name_prefix="notebook") as pool:
        jobs = [
            pool.submit(execute_notebook, sources[name], executed[name], params, progress=progress)
            for name in NOTEBOOKS
        ]
        from survey.report.page import page  # meanwhile

        for job in jobs:
            job.result()  # re-raises a ReportError of either notebook, in notebook order
    pages = {}
    for name, target in executed.items():
        title, body = notebook_html(target)
        pages[name] = output / f"{name}.html"
        pages[name].write_text(page(title, body, summary=name == "synthese"), encoding="utf-8")
    return Rendered(pages["rapport"], pages["synthese"], output / "tableaux.xlsx", executed)


@dataclass(frozen=True)
class RenderedComparison:
    """The files a comparison run produced."""

    page: Path
    workbook: Path
    executed: Path


def render_comparison(
    wave_a: str | Path | None = None,
    wave_b: str | Path | None = None,
    output: str | Path = "reports/comparaison",
    *,
    progress: bool = True,
    parameters: dict | None = None,
) -> RenderedComparison:
    """Execute ``notebooks/comparaison.ipynb``; write comparaison.html and comparaison.xlsx.

    Parameters
    ----------
    wave_a, wave_b
        The earlier and the later wave (folders or bundled names); the two bundled
        examples by default.
    output
        The output folder (created); the executed notebook is kept in
        ``notebooks_executes/`` for diagnosis.
    progress
        Show papermill's progress bar.
    parameters
        Other notebook parameters (``alpha``, ``correction``, ``small_base``).

    Raises
    ------
    survey.report.ReportError
        A cell failed; the message names the notebook, the cell and the error.
    """
    from survey.report.page import page

    output = Path(output).resolve()
    executed = output / "notebooks_executes" / COMPARISON_NOTEBOOK
    executed.parent.mkdir(parents=True, exist_ok=True)
    params = {
        "wave_a": wave_parameter(wave_a, "spro-2025"),
        "wave_b": wave_parameter(wave_b, "spro-2026"),
        "output": str(output),
    }
    params.update(parameters or {})
    _preflight(params["wave_a"], params["wave_b"])
    execute_notebook(
        bundled_path("notebooks") / COMPARISON_NOTEBOOK, executed, params, progress=progress
    )
    title, body = notebook_html(executed)
    markup = page(title, body, comparison=True)
    target = output / "comparaison.html"
    target.write_text(markup, encoding="utf-8")
    return RenderedComparison(target, output / "comparaison.xlsx", executed)


def _preflight(wave_a: str, wave_b: str) -> None:
    """Check the waves and their correspondences before starting a kernel (clear errors)."""
    from survey.compare.waves import check_wave_order, definition_source
    from survey.versions import resolve_coding_frame_mapping, resolve_questionnaire_mapping
    from survey.wave import load_wave

    a, b = load_wave(wave_a), load_wave(wave_b)
    check_wave_order(a.spec.year, b.spec.year)
    resolve_questionnaire_mapping(
        definition_source(a, a.spec.questionnaire), definition_source(b, b.spec.questionnaire)
    )
    if a.spec.coding_frame and b.spec.coding_frame:
        resolve_coding_frame_mapping(
            definition_source(a, a.spec.coding_frame), definition_source(b, b.spec.coding_frame)
        )


def wave_parameter(wave: str | Path | None, default: str) -> str:
    """The notebook's ``wave`` parameter: an absolute folder, or a bundled wave's name."""
    if wave is None or str(wave) == "":
        return default
    path = Path(wave)
    return str(path.resolve()) if path.exists() else str(wave)


def execute_notebook(source: Path, target: Path, params: dict, *, progress: bool) -> None:
    """Run one notebook with papermill; a failing cell raises :class:`ReportError`."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        papermill.execute_notebook(
            str(source),
            str(target),
            parameters=params,
            kernel_name="python3",
            progress_bar=progress,
            log_output=False,
            # the kernel's working folder (papermill's cwd= would change the process's)
            resources={"metadata": {"path": str(target.parent)}},
            # written once at the end (and on error), not twice per cell
            request_save_on_cell_execute=False,
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],  # no shutdown noise
        )
    except PapermillExecutionError as exc:
        raise ReportError(
            f"Notebook « {source.name} », cellule {exc.exec_count} : {exc.ename} : "
            f"{exc.evalue.rstrip('.')}. Le notebook exécuté est conservé dans « {target} »."
        ) from exc
    finally:
        _close_event_loop()


def _close_event_loop() -> None:
    """Close the event loop nbclient opened in this thread (it would stay open until exit)."""
    import asyncio
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            loop = asyncio.get_event_loop_policy().get_event_loop()
        except RuntimeError:  # none in this thread
            return
    if not loop.is_running() and not loop.is_closed():
        loop.close()
    asyncio.set_event_loop(None)


def notebook_html(path: Path) -> tuple[str, str]:
    """The notebook's title and its HTML body: outputs and Markdown only, no code."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if o.get("output_type") != "stream"]
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "parametres"  # papermill draws a random id: same notebook, same page
    exporter = HTMLExporter(template_name="basic")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(nb)
    body = re.sub(r'<a class="anchor-link"[^>]*>¶</a>', "", body)
    match = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S)
    title = html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip() if match else "Rapport"
    return title, body
