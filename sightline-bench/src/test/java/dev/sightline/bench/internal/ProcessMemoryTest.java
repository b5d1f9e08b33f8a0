package dev.sightline.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

  @Test
  void readsPeakAndCurrentResidentSetInKib() {
    ProcessMemory m = ProcessMemory.parse("Name:\tjava\nVmPeak:\t 9000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t  100000 kB\n");
    assertThat(m).isEqualTo(new ProcessMemory(123_456, 100_000));
    assertThat(m.peakMib()).isEqualTo(120);
  }

  @Test
  void noPeakLineMeansNoFigureAndAGarbledValueIsNamed() {
    assertThat(ProcessMemory.parse("Name:\tkthreadd\nState:\tS (sleeping)\n")).isNull();
    assertThat(ProcessMemory.parse("")).isNull();
    assertThatThrownBy(() -> ProcessMemory.parse("VmHWM:\t12x kB\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VmHWM:\t12x kB");
  }

  @Test
  void readsThisProcessAndReportsAGoneOneAsUnknown() {
    long self = ProcessHandle.current().pid();
    ProcessMemory m = ProcessMemory.read(self);
    assertThat(m).isNotNull();
    assertThat(m.peakKib()).isGreaterThanOrEqualTo(m.currentKib()).isPositive();
    assertThat(ProcessMemory.cpuMillis(self)).isPositive();
    assertThat(ProcessMemory.read(Long.MAX_VALUE)).isNull();
    assertThat(ProcessMemory.cpuMillis(Long.MAX_VALUE)).isEqualTo(-1);
  }
}
