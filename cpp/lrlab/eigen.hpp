// Eigen, included once for the engine and its tests.
// GCC 12–14 give a false -Wmaybe-uninitialized inside Eigen's tridiagonalisation
// (SelfadjointMatrixVector.h, reached from SelfAdjointEigenSolver): a known GCC/Eigen false
// positive. It is silenced for Eigen's headers only.
#pragma once

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <Eigen/Dense>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
