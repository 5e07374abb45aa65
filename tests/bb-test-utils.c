#include "bb-test-utils.h"
