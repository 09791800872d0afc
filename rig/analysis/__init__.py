"""Signal analysis for the steps: pure functions of numpy arrays, no instruments.

spectrum   windowed spectra, refined peak frequency, least-squares tone phasors
harmonics  harmonic levels relative to 1x, broadband RMS with 1x excluded
ripple     current ripple and supply dropouts
spinup     inrush peak and time to 90 % speed from a capture that includes switch-on
heads      per-head levels and motor frequencies, with quad-head decoupling
thermal    ambient-compensated temperature rises
drift      first-to-last drift in percent
"""
