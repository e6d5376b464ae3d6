"""Arrays round-trip through .npy: float32 and float64, C and Fortran order, views, big-endian, vector shapes."""

from __future__ import annotations

import os

import numpy as np
import pytest

import implicitl1
from implicitl1 import _arrays
from conftest import assert_bits_equal


def test_fortran_order_and_views_give_the_same_bits_as_c_order(instance):
    reference = implicitl1.limit(instance.A, instance.y, 2, [1e-4])
    fortran = implicitl1.limit(np.asfortranarray(instance.A), instance.y, 2, [1e-4])
    wide = np.zeros((20, 100))
    wide[:, ::2] = instance.A
    view = implicitl1.limit(wide[:, ::2], instance.y, 2, [1e-4])  # neither C- nor F-contiguous
    for r in (fortran, view):
        assert_bits_equal(r.x, reference.x)
        assert_bits_equal(r.error_to_l1, reference.error_to_l1)


def test_float32_input_is_read_exactly_as_its_float64_value(instance):
    A32 = instance.A.astype(np.float32)
    y = A32.astype(np.float64) @ instance.x_star
    from32 = implicitl1.limit(A32, y, 2, [1e-4])
    from64 = implicitl1.limit(A32.astype(np.float64), y, 2, [1e-4])
    assert from32.status.is_success and from32.basis_pursuit.unique
    assert_bits_equal(from32.x, from64.x)
    assert from32.x.dtype == np.float64
    x32 = np.linspace(-1, 1, 50, dtype=np.float32)
    c = implicitl1.compare(instance.A, instance.y, x32, top=50)
    for t in c.top:
        assert t.value == float(x32[t.index])  # float32 → float64 is exact


def test_big_endian_floats_are_converted_exactly(instance):
    big = implicitl1.basis_pursuit(instance.A.astype(">f8"), instance.y.astype(">f8"))
    assert_bits_equal(big.x, implicitl1.basis_pursuit(instance.A, instance.y).x)


@pytest.mark.parametrize("shape", [(20, 1), (1, 20)])
def test_y_as_a_column_or_a_row(instance, shape):
    r = implicitl1.basis_pursuit(instance.A, instance.y.reshape(shape))
    assert_bits_equal(r.x, implicitl1.basis_pursuit(instance.A, instance.y).x)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("order", ["C", "F"])
def test_save_writes_what_numpy_loads_back_bit_for_bit(tmp_path, dtype, order):
    a = np.asarray(np.random.default_rng(1).standard_normal((3, 5)), dtype=dtype, order=order)
    a[0, 0] = -0.0
    a[1, 2] = np.finfo(dtype).tiny / 3  # a subnormal
    path = os.path.join(tmp_path, "a.npy")
    _arrays.save(path, a)
    b = np.load(path)
    assert b.dtype == dtype and b.shape == a.shape
    assert b.flags.f_contiguous == (order == "F")
    with open(path, "rb") as f:
        assert (b"'fortran_order': True" in f.read(128)) == (order == "F")
    np.testing.assert_array_equal(np.ascontiguousarray(a).view(np.uint8), np.ascontiguousarray(b).view(np.uint8))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("order", ["C", "F"])
def test_a_generated_instance_round_trips_through_the_tool(tmp_path, instance, dtype, order):
    """The tool reads what Python wrote (any of the four layouts) and writes (--save) the same values back."""
    A = np.asarray(instance.A, dtype=dtype, order=order)
    y = A.astype(np.float64) @ instance.x_star
    c = implicitl1.compare(A, y, np.asarray(instance.x_star, dtype=dtype), alpha=1e-3, top=0)
    r = implicitl1.limit(A.astype(np.float64), y, 2, [1e-3])
    assert_bits_equal(c.x_limit, r.x[0])
    assert c.top == []


def test_saved_output_arrays_have_the_documented_dtypes_and_shapes(instance):
    r = implicitl1.limit(instance.A, instance.y, 3, [1e-2, 1e-3, 1e-4])
    assert r.x.dtype == np.float64 and r.x.flags.c_contiguous and r.x.shape == (3, 50)
    assert r.basis_pursuit.support.dtype == np.int64
    t = implicitl1.train(instance.A, instance.y, method="gd", max_iter=50).trajectory
    assert t.steps.dtype == np.int64 and t.x.shape == (t.time.size, 50)
