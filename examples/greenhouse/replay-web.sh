bussdcc replay examples/greenhouse/recorded --web 127.0.0.1:5000
