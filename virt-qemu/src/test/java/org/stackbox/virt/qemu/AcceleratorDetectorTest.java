package org.stackbox.virt.qemu;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class AcceleratorDetectorTest {
    final AcceleratorDetector detector = new AcceleratorDetector(Path.of("/usr/bin/qemu-system-x86_64"),
            Duration.ofSeconds(10));

    @Test
    void aParavirtualisedBackendMeansTcgWithoutAProbe() {
        AcceleratorChoice choice = detector.choose(AcceleratorPolicy.AUTO, new HostVirtualization(true, false, true));

        assertThat(choice.accelerator()).isEqualTo(Accelerator.TCG);
        assertThat(choice.reason()).contains("kvm_pvm");
    }

    @Test
    void noKvmDeviceOrNoCpuFlagMeansTcg() {
        assertThat(new HostVirtualization(false, true, false).reasonAgainstKvm()).get().asString()
                .contains("/dev/kvm");
        assertThat(new HostVirtualization(true, false, false).reasonAgainstKvm()).get().asString()
                .contains("neither vmx nor svm");
        assertThat(new HostVirtualization(true, true, false).reasonAgainstKvm()).isEmpty();
    }

    @Test
    void theOperatorCanForceEither() {
        HostVirtualization none = new HostVirtualization(false, false, false);
        assertThat(detector.choose(AcceleratorPolicy.KVM, none).accelerator()).isEqualTo(Accelerator.KVM);
        assertThat(detector.choose(AcceleratorPolicy.TCG, new HostVirtualization(true, true, false)).accelerator())
                .isEqualTo(Accelerator.TCG);
    }

    @Test
    void readsTheVirtualisationFlagFromCpuInfo() {
        assertThat(HostVirtualization.cpuInfoHasVirtualization("processor\t: 0\nflags\t\t: fpu vme vmx sse\n"))
                .isTrue();
        assertThat(HostVirtualization.cpuInfoHasVirtualization("flags\t\t: fpu svm\n")).isTrue();
        assertThat(HostVirtualization.cpuInfoHasVirtualization("flags\t\t: fpu vmxnet hypervisor\n")).isFalse();
    }

    @Test
    void theProbeGuestRunsUnderTcg() {
        assertThat(detector.probe(Accelerator.TCG)).isTrue();
    }

    @Test
    void onThisHostAutoChoosesWhatReallyRuns() {
        AcceleratorChoice choice = detector.choose(AcceleratorPolicy.AUTO, HostVirtualization.ofThisHost());

        if (choice.accelerator() == Accelerator.KVM) {
            assertThat(detector.probe(Accelerator.KVM)).isTrue();
        } else {
            assertThat(choice.reason()).startsWith("TCG: ");
        }
    }
}
