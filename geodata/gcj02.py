"""GCJ-02 ("Mars coordinates") <-> WGS-84 conversion.

Chinese web maps (Amap/高德, Tencent, ...) publish coordinates in GCJ-02: WGS-84 longitude and
latitude plus a deliberately obfuscating, smoothly varying offset of a few hundred metres.
GCJ-02 is not a datum, so PROJ/pyproj cannot convert it; the forward offset formula below is the
well-known public one (Krasovsky 1940 ellipsoid constants).

The inverse has no closed form. The usual "subtract the offset computed at the GCJ point" trick is
only accurate to ~1-2 m, so ``gcj02_to_wgs84`` refines it by fixed-point iteration
(w <- w - (forward(w) - g)) until the residual is below 1e-9 degrees (~0.1 mm). The offset's
derivative is of order 1e-3, so the iteration is a strong contraction and needs only 2-4 steps.

Note: the formula is applied everywhere, with no "outside China" cut-off. Real GCJ-02 data
leaves coordinates outside mainland China untouched; all data in this project lies in China.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

A = 6378245.0  # Krasovsky 1940 semi-major axis, metres (as used by the GCJ-02 formula)
EE = 0.00669342162296594323  # Krasovsky 1940 first eccentricity squared

INVERSE_TOLERANCE_DEG = 1e-9
INVERSE_MAX_ITERATIONS = 30


def _offset(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """GCJ-02 minus WGS-84, in degrees, evaluated at a WGS-84 position."""
    x = lon - 105.0
    y = lat - 35.0
    pi = np.pi
    # Shared "noise" term of both components.
    wave = (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    dlat = dlat + wave
    dlat = dlat + (20.0 * np.sin(y * pi) + 40.0 * np.sin(y / 3.0 * pi)) * 2.0 / 3.0
    dlat = dlat + (160.0 * np.sin(y / 12.0 * pi) + 320.0 * np.sin(y * pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    dlon = dlon + wave
    dlon = dlon + (20.0 * np.sin(x * pi) + 40.0 * np.sin(x / 3.0 * pi)) * 2.0 / 3.0
    dlon = dlon + (150.0 * np.sin(x / 12.0 * pi) + 300.0 * np.sin(x / 30.0 * pi)) * 2.0 / 3.0
    # The terms above are metres; scale them to degrees with the Krasovsky radii of curvature.
    radlat = np.radians(lat)
    magic = 1.0 - EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = dlat * 180.0 / ((A * (1.0 - EE)) / (magic * sqrtmagic) * pi)
    dlon = dlon * 180.0 / (A / sqrtmagic * np.cos(radlat) * pi)
    return dlon, dlat


def _as_arrays(lon: ArrayLike, lat: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    lon_a, lat_a = np.broadcast_arrays(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return lon_a, lat_a


def _result(lon: np.ndarray, lat: np.ndarray, scalar: bool):
    if scalar:
        return float(lon), float(lat)
    return lon, lat


def wgs84_to_gcj02(lon: ArrayLike, lat: ArrayLike):
    """Forward transform. Scalars in -> (float, float); arrays in -> (ndarray, ndarray)."""
    lon_a, lat_a = _as_arrays(lon, lat)
    dlon, dlat = _offset(lon_a, lat_a)
    return _result(lon_a + dlon, lat_a + dlat, lon_a.ndim == 0)


def gcj02_to_wgs84(lon: ArrayLike, lat: ArrayLike):
    """Accurate inverse transform by fixed-point iteration (residual < 1e-9 degrees).

    Each point is iterated on its own and frozen once it has converged, so the result for a
    point never depends on which other points share the array. This matters for boundaries:
    a vertex shared by two districts must map to bit-identical output in both of them.
    """
    g_lon, g_lat = _as_arrays(lon, lat)
    shape = g_lon.shape
    g_lon = g_lon.ravel()
    g_lat = g_lat.ravel()
    # Start from the GCJ point itself; the first step gives the classic one-shot estimate.
    w_lon = g_lon.copy()
    w_lat = g_lat.copy()
    active = np.ones(g_lon.shape, dtype=bool)
    for _ in range(INVERSE_MAX_ITERATIONS):
        f_lon, f_lat = wgs84_to_gcj02(w_lon[active], w_lat[active])
        r_lon = f_lon - g_lon[active]
        r_lat = f_lat - g_lat[active]
        done = (np.abs(r_lon) < INVERSE_TOLERANCE_DEG) & (np.abs(r_lat) < INVERSE_TOLERANCE_DEG)
        idx = np.flatnonzero(active)
        # Update only points that are not yet within tolerance, then freeze the converged ones.
        upd = idx[~done]
        w_lon[upd] -= r_lon[~done]
        w_lat[upd] -= r_lat[~done]
        active[idx[done]] = False
        if not active.any():
            break
    else:
        raise RuntimeError(
            f"gcj02_to_wgs84 did not converge for {int(active.sum())} point(s) "
            f"in {INVERSE_MAX_ITERATIONS} iterations"
        )
    return _result(w_lon.reshape(shape), w_lat.reshape(shape), len(shape) == 0)


# BD-09 (Baidu) is GCJ-02 with a second published offset on top. Its forward formula is the
# public one; the inverse is refined by the same fixed-point iteration as above (the usual
# one-shot inverse is off by up to a few metres).
_BD_X_PI = np.pi * 3000.0 / 180.0


def gcj02_to_bd09(lon: ArrayLike, lat: ArrayLike):
    """Forward transform GCJ-02 -> BD-09."""
    x, y = _as_arrays(lon, lat)
    z = np.sqrt(x * x + y * y) + 0.00002 * np.sin(y * _BD_X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _BD_X_PI)
    return _result(z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006, x.ndim == 0)


def bd09_to_gcj02(lon: ArrayLike, lat: ArrayLike):
    """Accurate inverse BD-09 -> GCJ-02 (residual < 1e-9 degrees)."""
    b_lon, b_lat = _as_arrays(lon, lat)
    shape = b_lon.shape
    b_lon, b_lat = b_lon.ravel(), b_lat.ravel()
    g_lon, g_lat = b_lon - 0.0065, b_lat - 0.006
    for _ in range(INVERSE_MAX_ITERATIONS):
        f_lon, f_lat = gcj02_to_bd09(g_lon, g_lat)
        r_lon, r_lat = f_lon - b_lon, f_lat - b_lat
        if np.all(np.abs(r_lon) < INVERSE_TOLERANCE_DEG) and np.all(
            np.abs(r_lat) < INVERSE_TOLERANCE_DEG
        ):
            break
        g_lon, g_lat = g_lon - r_lon, g_lat - r_lat
    else:
        raise RuntimeError("bd09_to_gcj02 did not converge")
    return _result(g_lon.reshape(shape), g_lat.reshape(shape), len(shape) == 0)


def bd09_to_wgs84(lon: ArrayLike, lat: ArrayLike):
    """BD-09 -> GCJ-02 -> WGS-84, both steps with the accurate inverses."""
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))
