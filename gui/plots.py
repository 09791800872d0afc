"""Live plots of a run: trends (current, speed, temperatures) and each head's vibration.

The three trends share one time axis, the run's time: every capture and
reading sits where it happened, and the last few minutes stay in view.
Events only fill buffers (``ingest``, GUI thread, cheap); a QTimer redraws the
curves that changed with ``setData`` on curves made once. The redraw rate is
therefore independent of how fast the DAQ delivers data.

Qt repaints every plot changed since the last paint in one go, and a
pyqtgraph plot costs 3-7 ms to repaint: the four heads' captures and the
three trends drawn in one frame held the GUI thread for 60-90 ms. So a
frame changes at most ``VIEWS_PER_FRAME`` plots, taking the panels with
something new in turn; the others follow in the next frames, 33 ms apart.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QGridLayout, QWidget

from gui.trend_buffer import TrendBuffer
from rig.events import Event, RunStarted, SamplesAcquired, WaveformCaptured

FRAME_INTERVAL_MS = 33  # about 30 frames/s
VIEWS_PER_FRAME = 2  # plots one frame may change (a head's waveform and spectrum are two)
TREND_WINDOW_S = 180.0  # run time the trend panels keep in view: the last three minutes
# The temperature panel spans at least this much, so thermocouple noise (a few
# hundredths of a degree) does not look like a unit heating and cooling.
TEMPERATURE_MIN_SPAN_C = 10.0
# Panels whose single readings stand each for its own setting (a tachometer reading per
# speed step): points only, since a line between them would draw a ramp that never ran.
POINTS_ONLY = {"rpm"}  # a plain label: pyqtgraph's SI prefixes would turn 1800 s into 1.8 ks
MAX_HEADS = 4
WAVEFORM_WINDOW_S = 0.1  # a few cycles of 30-60 Hz: the shape stays readable (pan for more)
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")
TREND_PANELS = {"A": QT_TRANSLATE_NOOP("LivePlots", "Motor current (A)"),
                "rpm": QT_TRANSLATE_NOOP("LivePlots", "Speed (rpm)"),
                "degC": QT_TRANSLATE_NOOP("LivePlots", "Temperature (°C)")}
LIMIT_COLOUR = "#c62828"
# The safety limit joins the temperature view once a reading in view is this close to it.
TEMPERATURE_LIMIT_REACH_C = 10.0
PLACEHOLDERS = {"A": QT_TRANSLATE_NOOP("LivePlots", "waiting for the first capture"),
                "rpm": QT_TRANSLATE_NOOP("LivePlots", "waiting for the spin-up"),
                "degC": QT_TRANSLATE_NOOP("LivePlots", "waiting for the first reading")}
# A panel whose last reading has left the time window says when it was, instead of going blank
# (a durability step reads the speed only in its first and last cycle).
STALE = QT_TRANSLATE_NOOP("LivePlots", "no reading in view: the last was at %1 s")
TREND_AXIS = QT_TRANSLATE_NOOP("LivePlots", "run time (s)")


def _tr(text: str) -> str:
    return QCoreApplication.translate("LivePlots", text)


# The station file's signal names, as the legend shows them (others: the name with spaces).
SIGNAL_NAMES = {"housing_temp": QT_TRANSLATE_NOOP("LivePlots", "housing"),
                "handle_temp": QT_TRANSLATE_NOOP("LivePlots", "handle"),
                "head_temp": QT_TRANSLATE_NOOP("LivePlots", "head"),
                "ambient_temp": QT_TRANSLATE_NOOP("LivePlots", "ambient")}


def _signal_name(signal: str) -> str:
    return _tr(SIGNAL_NAMES[signal]) if signal in SIGNAL_NAMES else signal.replace("_", " ")


# Named for the translation tools; translated where used, through _tr.
_HEAD_TEXTS = (QT_TRANSLATE_NOOP("LivePlots", "Head %1 acceleration (g)"), QT_TRANSLATE_NOOP("LivePlots", "time"),
               QT_TRANSLATE_NOOP("LivePlots", "Head %1 spectrum (g peak)"),
               QT_TRANSLATE_NOOP("LivePlots", "frequency"), QT_TRANSLATE_NOOP("LivePlots", "safety limit %1 °C"))


class _HeadPlots:
    """The waveform and spectrum plots of one head, with its limit bands."""

    def __init__(self, head: int) -> None:
        self.waveform_plot = pg.PlotWidget()
        self.waveform_curve = self.waveform_plot.plot(pen=pg.mkPen(PALETTE[0], width=1), skipFiniteCheck=True)
        self.spectrum_plot = pg.PlotWidget()
        self.spectrum_plot.setXRange(0, 400)
        for plot in (self.waveform_plot, self.spectrum_plot):
            plot.setClipToView(True)
            plot.setDownsampling(auto=True, mode="peak")
        self.spectrum_curve = self.spectrum_plot.plot(pen=pg.mkPen(PALETTE[1], width=1), skipFiniteCheck=True)
        self.frequency_band = pg.LinearRegionItem(movable=False, brush=pg.mkBrush(44, 160, 44, 60))
        self.level_band = pg.LinearRegionItem(orientation="horizontal", movable=False,
                                              brush=pg.mkBrush(44, 160, 44, 40))
        for band in (self.frequency_band, self.level_band):
            band.setVisible(False)
            self.spectrum_plot.addItem(band)
        self.pending: WaveformCaptured | None = None

    views = 2  # plots one draw changes

    def retranslate(self, head: int) -> None:
        self.waveform_plot.setTitle(_tr("Head %1 acceleration (g)").replace("%1", str(head)))
        self.waveform_plot.setLabel("bottom", _tr("time"), units="s")
        self.spectrum_plot.setTitle(_tr("Head %1 spectrum (g peak)").replace("%1", str(head)))
        self.spectrum_plot.setLabel("bottom", _tr("frequency"), units="Hz")

    def draw(self) -> None:
        event, self.pending = self.pending, None
        if event is None:
            return
        t_s = np.arange(len(event.waveform_g)) / event.sample_rate_hz
        self.waveform_curve.setData(t_s, event.waveform_g)
        self.waveform_plot.setXRange(0.0, min(WAVEFORM_WINDOW_S, float(t_s[-1]) if len(t_s) else 1.0))
        self.spectrum_curve.setData(event.frequencies_hz, event.spectrum_g)
        self._show_band(self.frequency_band, event.band_hz)
        self._show_band(self.level_band, event.level_band_g)

    @staticmethod
    def _show_band(band: pg.LinearRegionItem, bounds: tuple[float, float] | None) -> None:
        band.setVisible(bounds is not None)
        if bounds is not None:
            band.setRegion(bounds)


class _TemperatureLimit:
    """The spec's safety limit on the temperature panel, kept out of its auto-range.

    Normal readings (~23 °C) sit far below the limit (70 °C); stretching the
    view to the limit would flatten them into a line. So the view takes in the
    limit only once a reading comes within ``TEMPERATURE_LIMIT_REACH_C`` of
    it, the dashed line shows wherever the view reaches it, and a marker at
    the top of the panel names the limit while it is above the view.
    """

    def __init__(self, plot: pg.PlotWidget) -> None:
        self._plot = plot
        self.limit_c: float | None = None
        self.line = pg.InfiniteLine(angle=0, movable=False,
                                    pen=pg.mkPen(LIMIT_COLOUR, width=1.5, style=Qt.PenStyle.DashLine),
                                    label="", labelOpts={"position": 0.98, "color": LIMIT_COLOUR,
                                                         "anchors": [(1, 1), (1, 1)]})
        self.marker = pg.TextItem("", color=LIMIT_COLOUR, anchor=(1, 0))
        for item in (self.line, self.marker):
            item.setVisible(False)
            plot.addItem(item, ignoreBounds=True)
        plot.getViewBox().sigRangeChanged.connect(self.place)

    def set_limit(self, limit_c: float | None) -> None:
        self.limit_c = limit_c
        if limit_c is not None:
            self.line.setValue(limit_c)
            text = _tr("safety limit %1 °C").replace("%1", f"{limit_c:g}")
            self.line.label.setFormat(text)
            self.marker.setText(text + " ↑")
        self.place()

    def place(self, *_args: object) -> None:
        """Show the line when the view reaches the limit, the marker while it is above the view."""
        (_, right_s), (_, top_c) = self._plot.getViewBox().viewRange()
        known = self.limit_c is not None
        above = known and self.limit_c > top_c
        self.line.setVisible(known and not above)
        self.marker.setVisible(above)
        if above:
            self.marker.setPos(right_s, top_c)

    def follow(self, coolest_c: float, hottest_c: float) -> None:
        """Take the limit into the view while the readings in view are within reach of it."""
        view = self._plot.getViewBox()
        if self.limit_c is not None and self.limit_c - hottest_c <= TEMPERATURE_LIMIT_REACH_C:
            view.setYRange(min(coolest_c, self.limit_c - TEMPERATURE_MIN_SPAN_C), self.limit_c,
                           padding=0.05)
        elif not view.autoRangeEnabled()[1]:
            view.enableAutoRange(axis=pg.ViewBox.YAxis)

    @property
    def showing(self) -> str:
        """Return what shows now: "line", "marker" or "" (no limit known)."""
        return "line" if self.line.isVisible() else "marker" if self.marker.isVisible() else ""


class LivePlots(QWidget):
    """Trend plots on top, one row of waveform and spectrum per head below."""

    def __init__(self, parent: QWidget | None = None, *, frame_interval_ms: int = FRAME_INTERVAL_MS) -> None:
        super().__init__(parent)
        self.frames_drawn = 0
        # One curve per (signal, single readings?): the speed comes as the spin-up's
        # series (a line) and then as tachometer readings (points) of one signal.
        self._buffers: dict[tuple[str, bool], TrendBuffer] = {}
        self._curves: dict[tuple[str, bool], pg.PlotDataItem] = {}
        self._panels: dict[tuple[str, bool], str] = {}
        self._dirty: set[tuple[str, bool]] = set()
        self._windows_shown: dict[str, tuple[float, float]] = {}  # the time window each trend panel shows
        self._next_panel = 0  # whose turn it is in the next frame
        self._cleared = False  # True from a clear until the next data
        self._paint_ahead: list[pg.PlotWidget] = []  # plots to paint off screen while covered
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.trend_plots: dict[str, pg.PlotWidget] = {}
        self._placeholders: dict[str, pg.TextItem] = {}
        for column, unit in enumerate(TREND_PANELS):
            plot = pg.PlotWidget()
            plot.getViewBox().setAutoVisible(y=True)  # scale to what the time window shows
            if unit == "degC":  # the only panel with several curves
                plot.getViewBox().setLimits(minYRange=TEMPERATURE_MIN_SPAN_C)
            plot.setClipToView(True)
            plot.setDownsampling(auto=True, mode="peak")
            self.trend_plots[unit] = plot
            placeholder = pg.TextItem("", color="#9e9e9e", anchor=(0.5, 0.5))
            plot.addItem(placeholder, ignoreBounds=True)
            placeholder.setPos(0.5, 0.5)
            self._placeholders[unit] = placeholder
            layout.addWidget(plot, 0, column)
        # The legend sits below the temperature plot, not on it: inside, it hid the
        # housing trace, which runs hottest and so along the top.
        self.temperature_legend = pg.LegendItem(colCount=2)
        self.trend_plots["degC"].getPlotItem().layout.addItem(self.temperature_legend, 4, 1)
        self.temperature_limit = _TemperatureLimit(self.trend_plots["degC"])
        self.heads = [_HeadPlots(head) for head in range(1, MAX_HEADS + 1)]
        self._head_area = QWidget()
        head_layout = QGridLayout(self._head_area)
        head_layout.setContentsMargins(0, 0, 0, 0)
        for row, head in enumerate(self.heads):
            head_layout.addWidget(head.waveform_plot, row // 2, 2 * (row % 2))
            head_layout.addWidget(head.spectrum_plot, row // 2, 2 * (row % 2) + 1)
        for column in range(4):  # equal shares, whatever was shown or hidden before
            head_layout.setColumnStretch(column, 1)
        for row in range(MAX_HEADS // 2):
            head_layout.setRowStretch(row, 1)
        self._head_count: int | None = None  # from the spec at run start; None: as heads report
        layout.addWidget(self._head_area, 1, 0, 1, len(TREND_PANELS))
        layout.setRowStretch(0, 2)
        layout.setRowStretch(1, 3)
        self.show_heads(1)
        self.retranslate()
        self.timer = QTimer(self)
        self.timer.setInterval(frame_interval_ms)
        self.timer.timeout.connect(self.draw_frame)
        self.timer.start()

    def retranslate(self) -> None:
        for unit, plot in self.trend_plots.items():
            plot.setTitle(_tr(TREND_PANELS[unit]))
            plot.setLabel("bottom", _tr(TREND_AXIS))
            if not self._buffers or all(self._panels[key] != unit for key in self._buffers):
                self._placeholders[unit].setText(_tr(PLACEHOLDERS[unit]))
        for number, head in enumerate(self.heads, start=1):
            head.retranslate(number)
        for sample, label in self.temperature_legend.items:
            signal = next((key[0] for key, curve in self._curves.items() if curve is sample.item), None)
            if signal is not None:
                label.setText(_signal_name(signal))

    def show_heads(self, count: int) -> None:
        """Show the plots of the first ``count`` heads only."""
        for index, head in enumerate(self.heads):
            head.waveform_plot.setVisible(index < count)
            head.spectrum_plot.setVisible(index < count)
        # A single head spans the whole area; two or more share it in a 2 x 2 grid.
        layout = self._head_area.layout()
        layout.setColumnStretch(2, 1 if count > 1 else 0)
        layout.setColumnStretch(3, 1 if count > 1 else 0)
        layout.setRowStretch(1, 1 if count > 2 else 0)

    def set_head_count(self, count: int | None) -> None:
        """Fix the number of heads shown for the coming runs (the product's), None: as they report."""
        self._head_count = count
        self.show_heads(count or 1)

    def set_temperature_limit(self, limit_c: float | None) -> None:
        """Draw the spec's maximum temperature on the temperature panel (None: draw none)."""
        self.temperature_limit.set_limit(limit_c)

    def ingest(self, event: Event) -> None:
        """Keep the data of a runner event for the next frame."""
        if isinstance(event, RunStarted):
            self.clear()
            return
        self._cleared = False
        if isinstance(event, SamplesAcquired):
            key = (event.signal, event.sample_rate_hz <= 0)
            self._buffer_for(key, event.unit).append(event.t0_s, event.sample_rate_hz, event.values)
            self._dirty.add(key)
            self._placeholders[self._panel_of(event.unit)].setVisible(False)
        elif isinstance(event, WaveformCaptured) and 1 <= event.head <= MAX_HEADS:
            self.heads[event.head - 1].pending = event
            if event.head > self._visible_heads():
                self.show_heads(event.head)

    def _visible_heads(self) -> int:
        return sum(1 for head in self.heads if head.waveform_plot.isVisibleTo(self))

    def _panel_of(self, unit: str) -> str:
        return unit if unit in self.trend_plots else "degC"

    def _buffer_for(self, key: tuple[str, bool], unit: str) -> TrendBuffer:
        if key not in self._buffers:
            signal, readings = key
            self._panels[key] = self._panel_of(unit)
            plot = self.trend_plots[self._panels[key]]
            colour = PALETTE[len(plot.getPlotItem().listDataItems()) % len(PALETTE)]
            pen = None if readings and self._panels[key] in POINTS_ONLY else pg.mkPen(colour, width=1.5)
            self._curves[key] = plot.plot(pen=pen, symbol="o" if readings else None, symbolSize=7,
                                          symbolBrush=colour,
                                          connect="finite")  # NaN points break the line between captures
            if self._panels[key] == "degC":
                self.temperature_legend.addItem(self._curves[key], _signal_name(signal))
            self._buffers[key] = TrendBuffer()
        return self._buffers[key]

    def samples_seen(self, signal: str) -> int:
        """Return how many samples of a signal reached the plots since the run started."""
        return sum(buffer.samples_seen for (name, _), buffer in self._buffers.items() if name == signal)

    def curve_data(self, signal: str, *, readings: bool = False) -> tuple[np.ndarray | None, np.ndarray | None]:
        """Return what a signal's curve shows now: its series, or with ``readings`` its single readings.

        (None, None) before the curve's first frame.
        """
        curve = self._curves.get((signal, readings))
        return curve.getData() if curve is not None else (None, None)

    def time_window(self, unit: str) -> tuple[float, float]:
        """Return the run time span a trend panel shows now."""
        (low, high), _ = self.trend_plots[unit].getViewBox().viewRange()
        return low, high

    def clear(self) -> None:
        """Forget the previous run's data (nothing to do, nothing redrawn: plots cleared already stay)."""
        if self._cleared:
            return
        self._cleared = True
        for signal, curve in self._curves.items():
            curve.setData([], [])
            self._buffers[signal] = TrendBuffer()
        self._dirty.clear()
        self._windows_shown.clear()
        for unit, placeholder in self._placeholders.items():
            placeholder.setText(_tr(PLACEHOLDERS[unit]))
            placeholder.setVisible(True)
            placeholder.setPos(0.5, 0.5)
        for plot in self.trend_plots.values():
            plot.setRange(xRange=(0.0, 1.0), yRange=(0.0, 1.0), padding=0.0)  # where the placeholders sit
            plot.enableAutoRange()
        for head in self.heads:
            head.pending = None
            head.waveform_curve.setData([], [])
            head.spectrum_curve.setData([], [])
            head.frequency_band.setVisible(False)
            head.level_band.setVisible(False)
        self.show_heads(self._head_count or 1)

    def paint_ahead(self) -> None:
        """Paint the plots off screen, a few per frame, while something else covers them.

        Each axis keeps the picture of its ticks and labels until its range
        changes, so the plots' paint as they show again then costs half as
        much: that paint comes as a run starts (decision 0038).
        """
        self._paint_ahead = self._plots_laid_out()

    def _plots_laid_out(self) -> list[pg.PlotWidget]:
        heads = [plot for head in self.heads for plot in (head.waveform_plot, head.spectrum_plot)]
        return [plot for plot in (*self.trend_plots.values(), *heads) if not plot.isHidden()]

    def _window(self) -> tuple[float, float] | None:
        """Return the run time every trend panel should show: from the start, or the last TREND_WINDOW_S."""
        latest_s = max((buffer.last_t_s for buffer in self._buffers.values()), default=0.0)
        return (max(0.0, latest_s - TREND_WINDOW_S), latest_s) if latest_s > 0 else None

    def _trend_due(self, unit: str, window: tuple[float, float] | None) -> bool:
        return any(self._panels[key] == unit for key in self._dirty) or \
            (window is not None and self._windows_shown.get(unit) != window)

    def _draw_trend(self, unit: str, window: tuple[float, float] | None) -> None:
        """Push a trend panel's new data and show the common time window on it."""
        for key in [key for key in self._dirty if self._panels[key] == unit]:
            self._curves[key].setData(*self._buffers[key].view())
            self._dirty.discard(key)
        if window is None:
            return
        low_s, latest_s = window
        self.trend_plots[unit].setXRange(low_s, latest_s, padding=0.02)
        self._windows_shown[unit] = window
        self._mark_stale(unit, low_s, latest_s)
        if unit == "degC":
            temperatures_c = self._values_since("degC", low_s)
            if temperatures_c.size:
                self.temperature_limit.follow(float(temperatures_c.min()), float(temperatures_c.max()))

    def _mark_stale(self, unit: str, low_s: float, latest_s: float) -> None:
        """Say on a panel when its last reading was, once that has left the window."""
        placeholder = self._placeholders[unit]
        last_s = max((buffer.last_t_s for key, buffer in self._buffers.items() if self._panels[key] == unit),
                     default=float("-inf"))
        if last_s == float("-inf"):
            placeholder.setPos(0.5 * (low_s + latest_s), 0.5)
            return
        stale = self._values_since(unit, low_s).size == 0
        placeholder.setVisible(stale)
        if stale:
            placeholder.setText(_tr(STALE).replace("%1", f"{last_s:.0f}"))
            (_, _), (bottom, top) = self.trend_plots[unit].getViewBox().viewRange()
            placeholder.setPos(0.5 * (low_s + latest_s), 0.5 * (bottom + top))

    @property
    def stale_notes(self) -> dict[str, str]:
        """Return what each panel's note says where one shows (for tests)."""
        return {unit: item.textItem.toPlainText() for unit, item in self._placeholders.items() if item.isVisible()}

    def _values_since(self, panel: str, since_s: float) -> np.ndarray:
        """Return the finite values of a panel's signals from run time ``since_s`` on."""
        chunks = []
        for key, buffer in self._buffers.items():
            if self._panels[key] == panel:
                t_s, values = buffer.view()
                chunks.append(values[t_s >= since_s])
        values = np.concatenate(chunks) if chunks else np.empty(0)
        return values[np.isfinite(values)]

    def draw_frame(self, views: int | None = VIEWS_PER_FRAME) -> int:
        """Draw the next panels with something new, changing at most ``views`` plots (None: all).

        Panels take turns, so a busy one cannot keep the others waiting (timer
        slot). Return the number of plots changed.
        """
        if self._paint_ahead and not self.isVisible():
            return self._paint_next_ahead(views)
        self._paint_ahead.clear()  # shown: they paint on screen
        window = self._window()
        panels = [*self.trend_plots, *range(len(self.heads))]
        changed, first = 0, self._next_panel
        for step in range(len(panels)):
            panel = panels[(first + step) % len(panels)]
            head = self.heads[panel] if isinstance(panel, int) else None
            due = head.pending is not None if head is not None else self._trend_due(panel, window)
            cost = head.views if head is not None else 1
            if not due:
                continue
            if views is not None and changed and changed + cost > views:
                break
            if head is not None:
                head.draw()
            else:
                self._draw_trend(panel, window)
            changed += cost
            self._next_panel = (first + step + 1) % len(panels)
        self.frames_drawn += 1
        return changed

    def _paint_next_ahead(self, views: int | None) -> int:
        batch = self._paint_ahead[:views] if views is not None else self._paint_ahead
        del self._paint_ahead[:len(batch)]
        for plot in batch:
            plot.grab()
        return len(batch)

    @property
    def drawn_up(self) -> bool:
        """Return True when every panel shows all the data it was given (no frame is owed)."""
        window = self._window()
        return all(head.pending is None for head in self.heads) and \
            not any(self._trend_due(unit, window) for unit in self.trend_plots)

    def redraw(self) -> None:
        """Draw everything new at once (the timer draws it a few plots per frame)."""
        self.draw_frame(views=None)
