"""Datasets that grow at their end, and tables whose rows wait in memory for the next block.

They are made and appended to with h5py's low-level calls, the file's own row
type doubling as the memory type: HDF5 then copies the bytes instead of
negotiating a conversion for every field of a compound row. Measured here: an
append of a few rows ~25 µs instead of ~110 µs through ``dataset[a:b] = rows``,
and no per-call cost of h5py's high-level checks on the run's hot path.
"""

from __future__ import annotations

import h5py
import numpy as np
from h5py import h5d, h5p, h5s, h5t, h5z


class GrowingDataset:
    """A 1-D dataset of the record that starts empty and only ever grows at its end."""

    def __init__(self, group: h5py.Group, name: str, dtype: np.dtype | str, *, chunk: int,
                 compress: bool = False) -> None:
        """Create the dataset: chunked, unlimited, float streams optionally shuffle + lzf.

        Made as ``group.create_dataset(name, shape=(0,), maxshape=(None,), chunks=(chunk,),
        shuffle=compress, compression="lzf" if compress else None)`` would make it.
        """
        self.dtype = np.dtype(dtype)
        self.length = 0
        # h5py stores this type in the file; appends hand it the same bytes back.
        self._type = h5t.py_create(self.dtype, logical=True)
        dcpl = h5p.create(h5p.DATASET_CREATE)
        dcpl.set_chunk((chunk,))
        if compress:
            dcpl.set_shuffle()
            dcpl.set_filter(h5z.FILTER_LZF, h5z.FLAG_OPTIONAL)
        dcpl.set_obj_track_times(False)
        space = h5s.create_simple((0,), (h5s.UNLIMITED,))
        self._id = h5d.create(group.id, name.encode(), self._type, space, dcpl=dcpl)

    def append(self, values: np.ndarray) -> int:
        """Append values of this dataset's dtype; return the offset of the first one."""
        values = np.ascontiguousarray(values, dtype=self.dtype).reshape(-1)
        offset, count = self.length, values.shape[0]
        if count:
            self._id.set_extent((offset + count,))
            file_space = self._id.get_space()
            file_space.select_hyperslab((offset,), (count,))
            self._id.write(h5s.create_simple((count,)), file_space, values, mtype=self._type)
            self.length = offset + count
        return offset


class PendingTable:
    """A growing table whose rows wait in memory as tuples until the next block is written."""

    def __init__(self, group: h5py.Group, name: str, dtype: np.dtype, *, chunk: int) -> None:
        self._dataset = GrowingDataset(group, name, dtype, chunk=chunk)
        self.rows: list[tuple] = []

    def write(self) -> None:
        """Append the waiting rows with one resize and one write."""
        if self.rows:
            self._dataset.append(np.array(self.rows, dtype=self._dataset.dtype))
            # Emptied only once written: after a failed write, close() tries them again.
            self.rows.clear()
